using DeployQueue.Infrastructure.Postgres.Outbox;
using DeployQueue.Infrastructure.Postgres.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

// ReSharper disable once CheckNamespace
namespace MassTransit;

/// <summary>
/// A durable message scheduler in PostgreSQL, for a broker without the delayed-message plugin:
/// <code>
/// services.AddMassTransit(x =>
/// {
///     x.AddPostgresMessageScheduler();                       // consumers on queue "scheduler" + the poller
///     x.AddMessageScheduler(new Uri("queue:scheduler"));     // IMessageScheduler for consumers
///     x.UsingRabbitMq((context, cfg) =>
///     {
///         cfg.UseMessageScheduler(new Uri("queue:scheduler")); // Schedule(...) in state machines
///         cfg.ConfigureEndpoints(context);
///     });
/// });
/// </code>
/// Needs <c>AddMessagingDbContext</c> for the database, whose model has <c>AddScheduledMessages()</c>. Consumers and sagas behind the PostgreSQL outbox
/// (<c>AddPostgresOutbox</c>) store their schedules in their own transaction instead of sending them to the queue.
/// </summary>
public static class PostgresSchedulerRegistrationExtensions
{
    public static IBusRegistrationConfigurator AddPostgresMessageScheduler(this IBusRegistrationConfigurator configurator,
        Action<PostgresSchedulerOptions>? configure = null)
    {
        var options = new PostgresSchedulerOptions();
        configure?.Invoke(options);
        configurator.AddSingleton(Options.Create(options));
        configurator.AddDatabaseClock();
        configurator.AddSingleton<ITransactionalSendStore, SchedulesInTransaction>();

        // Storing and cancelling are idempotent, so a database fault is retried rather than losing a timeout to the error queue.
        configurator.AddConsumer<ScheduleMessageConsumer>((_, consumer) => consumer.UseMessageRetry(RetryDatabaseFaults))
            .Endpoint(e => e.Name = options.QueueName);
        configurator.AddConsumer<CancelScheduledMessageConsumer>((_, consumer) => consumer.UseMessageRetry(RetryDatabaseFaults))
            .Endpoint(e => e.Name = options.QueueName);
        configurator.AddHostedService<ScheduledMessagePoller>();
        return configurator;
    }

    static void RetryDatabaseFaults(IRetryConfigurator retry) =>
        retry.Exponential(20, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(200));
}
