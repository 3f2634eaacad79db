using DeployQueue.Domain.Ports;
using DeployQueue.Infrastructure.Postgres.Clock;
using DeployQueue.Infrastructure.Postgres.Sagas;
using DeployQueue.Infrastructure.Postgres.Scheduling;
using DeployQueue.Service.Health;
using DeployQueue.Service.Messaging;
using DeployQueue.Service.Telemetry;
using MassTransit;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DeployQueue.Service.Hosting;

/// <summary>
/// The two ways an instance keeps its messages, saga state and schedules (<c>Hosting:Embedded</c>), each registered
/// here only, for the service host and for the tests that compose a bus of their own: transport, saga store,
/// scheduler, and which endpoints send through which outbox. <c>configureBus</c> adds what runs on the bus.
/// </summary>
public static class HostingProfiles
{
    /// <summary>RabbitMQ's own advice: prefetch 1 is slow; around a hundred reaches full throughput.</summary>
    public const int PrefetchCount = 64;

    /// <summary>
    /// The PostgreSQL scheduler's queue (the persistence names it), the bus's scheduler address. Consumers and sagas
    /// behind the outbox store their schedules in their own transaction instead; other senders go through the queue.
    /// </summary>
    static readonly string SchedulerQueueName = new PostgresSchedulerOptions().QueueName;
    static readonly Uri SchedulerQueue = new($"queue:{SchedulerQueueName}");

    /// <summary>
    /// Embedded (the demo, a laptop): MassTransit's in-memory transport, saga store and delayed scheduler, the
    /// in-memory outbox on every endpoint (what a consumer or saga sends leaves once its message is done). One
    /// process; nothing survives it.
    /// </summary>
    public static IServiceCollection AddEmbeddedHosting(this IServiceCollection services, Action<IBusRegistrationConfigurator> configureBus) =>
        services.AddMassTransit(x => x.UseEmbeddedProfile(configureBus));

    /// <summary>
    /// The embedded profile on a bus being registered: by <see cref="AddEmbeddedHosting"/>, or by MassTransit's test
    /// harness (<c>AddMassTransitTestHarness</c>), which composes its bus itself. <paramref name="configureTransport"/>
    /// runs before the endpoints are configured (the harness: its filters).
    /// </summary>
    public static void UseEmbeddedProfile(this IBusRegistrationConfigurator bus, Action<IBusRegistrationConfigurator> configureBus,
        Action<IInMemoryBusFactoryConfigurator>? configureTransport = null)
    {
        bus.SetInMemorySagaRepositoryProvider();
        bus.AddDelayedMessageScheduler();
        bus.AddConfigureEndpointsCallback((context, _, endpoint) => endpoint.UseInMemoryOutbox(context));
        configureBus(bus);
        bus.UsingInMemory((context, cfg) =>
        {
            cfg.UseDelayedMessageScheduler();
            cfg.UseTraceContextOnEveryMessage();
            configureTransport?.Invoke(cfg);
            cfg.ConfigureEndpoints(context);
        });
    }

    /// <summary>
    /// RabbitMQ and PostgreSQL (the service; any number of instances): sagas and schedules in the database, and on
    /// every endpoint but the scheduler's the transactional inbox/outbox, so state, outgoing messages and the inbox
    /// mark commit together and a killed instance loses and repeats nothing. The scheduler's consumers send nothing
    /// and store idempotently: they go without, and so do the consumers that only look (<see cref="RabbitMqPostgresHosting.EndpointsWithoutOutbox"/>).
    /// Publisher confirms on; the downstream queues are declared at start. On a
    /// cluster, each reconnection goes to the next node; with quorum queues, every queue declared is one.
    /// </summary>
    public static IServiceCollection AddRabbitMqPostgresHosting(this IServiceCollection services, RabbitMqPostgresHosting hosting,
        Action<IBusRegistrationConfigurator> configureBus)
    {
        // Before the bus, so that the schema is migrated before the bus starts.
        services.AddDeployQueuePersistence(hosting.Postgres);
        services.AddHealthChecks()
            .AddCheck("postgres", new PostgresHealthCheck(hosting.Postgres), tags: [HealthEndpoints.ReadyTag])
            .Add(new HealthCheckRegistration("rabbitmq", sp => new RabbitMqHealthCheck(hosting.Broker(sp), hosting.ClusterNodes), null,
                [HealthEndpoints.ReadyTag]));
        // Waited out around every endpoint (UsePostgresOutageRetry, below), so the endpoints' own retries leave it alone.
        services.AddSingleton(new DependencyOutage(DatabaseOutageRetryConfigurationExtensions.IsOutage));
        // Saga rows many messages race for (a lane's) are retried on conflict far longer than on failure.
        services.AddSingleton(new SagaConflict(SagaConflicts.IsConflict));
        // Before the bus too, so that the first schedule and outbox row are stamped in the database's time.
        services.AddDatabaseClock();
        // And the deploys' deadlines, which one instance stamps and another judges (the merge and smoke deadlines, a lane
        // kept for a late merge), with the history's and the status page's times.
        services.AddSingleton<TimeProvider>(sp => sp.GetRequiredService<DatabaseClock>());

        return services.AddMassTransit(x =>
        {
            x.SetPostgresSagaRepositoryProvider();
            x.AddPostgresMessageScheduler(o => o.PollInterval = hosting.SchedulerPollInterval);
            x.AddMessageScheduler(SchedulerQueue);
            x.AddPostgresOutbox(hosting.ConfigureOutbox);
            x.AddConfigureEndpointsCallback((context, name, endpoint) =>
            {
                // Outermost: a database outage is waited out before anything else is retried or given up on.
                endpoint.UsePostgresOutageRetry();
                if (name != SchedulerQueueName && !hosting.EndpointsWithoutOutbox.Contains(name))
                    endpoint.UsePostgresOutbox(context);
                // Its error and skipped queues copy the endpoint queue's arguments, so they are quorum queues too.
                if (hosting.QuorumQueues && endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
                    rabbit.SetQuorumQueue();
            });
            configureBus(x);
            x.UsingRabbitMq((context, cfg) =>
            {
                var broker = hosting.Broker(context);
                cfg.Host(broker, h =>
                {
                    h.PublisherConfirmation = true;
                    if (hosting.ClusterNodes.Count > 0)
                        h.UseCluster(cluster =>
                        {
                            cluster.Node(broker.Port > 0 ? $"{broker.Host}:{broker.Port}" : broker.Host);
                            foreach (var node in hosting.ClusterNodes)
                                cluster.Node(node);
                        });
                });
                cfg.PrefetchCount = PrefetchCount;
                cfg.UseMessageScheduler(SchedulerQueue);
                cfg.UseTraceContextOnEveryMessage();
                DownstreamQueues.Declare(cfg, hosting.QuorumQueues);
                hosting.ConfigureTransport?.Invoke(context, cfg);
                cfg.ConfigureEndpoints(context);
            });
        });
    }
}
