using DeployQueue.Domain.StateMachines;
using DeployQueue.Infrastructure.Postgres.Outbox;
using DeployQueue.Persistence.Tests.TestStateMachines;
using DeployQueue.Service.Hosting;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace DeployQueue.Persistence.Tests.Infrastructure;

/// <summary>
/// One instance of a service wired as production is (<see cref="HostingProfiles.AddRabbitMqPostgresHosting"/>): its own
/// host and bus on the shared RabbitMQ virtual host and PostgreSQL database, the probe saga in PostgreSQL, the
/// PostgreSQL scheduler (polling every 100 ms), the saga retry and the transactional outbox (orphaned messages sent
/// after one second).
/// </summary>
public sealed class ServiceInstance : IAsyncDisposable
{
    public const string SagaQueue = "deploy-probe";

    readonly IHost _host;
    readonly FakeLogCollector _logs;

    ServiceInstance(IHost host, FakeLogCollector logs)
    {
        _host = host;
        _logs = logs;
    }

    public IServiceProvider Services => _host.Services;

    /// <summary>What the instance logged as an error so far, as "category: message": what would page an operator.</summary>
    public IEnumerable<string> Errors => _logs.GetSnapshot().Where(r => r.Level >= LogLevel.Error).Select(r => $"{r.Category}: {r.Message}");

    /// <param name="configureOutbox">Test settings of the outbox.</param>
    /// <param name="configureBus">Extra consumers.</param>
    /// <param name="configureTransport">Filters on the bus (a fault to inject).</param>
    public static async Task<ServiceInstance> Start(TestDatabase database, TestVirtualHost virtualHost,
        Action<PostgresOutboxOptions>? configureOutbox = null,
        Action<IBusRegistrationConfigurator>? configureBus = null,
        Action<IRabbitMqBusFactoryConfigurator>? configureTransport = null)
    {
        var builder = Host.CreateApplicationBuilder();
        var logs = new FakeLogCollector();
        builder.Logging.ClearProviders().AddSimpleConsole().AddProvider(new FakeLoggerProvider(logs)).SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddRabbitMqPostgresHosting(new RabbitMqPostgresHosting
        {
            Broker = _ => new Uri(virtualHost.ConnectionString),
            Postgres = database.ConnectionString,
            SchedulerPollInterval = TimeSpan.FromMilliseconds(100),
            ConfigureOutbox = o =>
            {
                o.OrphanAge = TimeSpan.FromSeconds(1);
                o.PollInterval = TimeSpan.FromMilliseconds(100);
                configureOutbox?.Invoke(o);
            },
            // The probe saga has no definition of its own to retry its conflicts.
            ConfigureTransport = (_, cfg) =>
            {
                cfg.UsePostgresSagaRetry();
                configureTransport?.Invoke(cfg);
            },
        },
            x =>
            {
                x.AddSagaStateMachine<DeployProbeStateMachine, DeployState>().Endpoint(e =>
                {
                    e.Name = SagaQueue;
                    e.PrefetchCount = 16;
                });
                configureBus?.Invoke(x);
            });

        var host = builder.Build();
        await host.StartAsync();
        return new ServiceInstance(host, logs);
    }

    public async Task Send<T>(T message, Guid? messageId = null)
        where T : class
    {
        var endpoint = await Services.GetRequiredService<IBus>().GetSendEndpoint(new Uri($"queue:{SagaQueue}"));
        await endpoint.Send(message, context => context.MessageId = messageId ?? context.MessageId);
    }

    public async Task<DeployState?> Deploy(Guid id)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<DeployQueueDbContext>>().CreateDbContextAsync();
        return await db.Deploys.AsNoTracking().SingleOrDefaultAsync(x => x.CorrelationId == id);
    }

    public async Task<T> Query<T>(Func<DeployQueueDbContext, Task<T>> query)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<DeployQueueDbContext>>().CreateDbContextAsync();
        return await query(db);
    }

    public async Task Stop() => await _host.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
