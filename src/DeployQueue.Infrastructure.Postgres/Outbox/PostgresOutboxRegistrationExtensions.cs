using DeployQueue.Infrastructure.Postgres.Outbox;
using MassTransit.Configuration;
using MassTransit.Middleware;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

// ReSharper disable once CheckNamespace
namespace MassTransit;

/// <summary>
/// The transactional inbox/outbox in PostgreSQL: a consumer's or saga's effects, the messages it sends and the
/// mark that it consumed its message commit together; the messages leave after the commit, with their MessageIds.
/// <code>
/// services.AddMassTransit(x =>
/// {
///     x.AddPostgresOutbox();                                                     // factory + delivery service
///     x.AddConfigureEndpointsCallback((context, _, e) => e.UsePostgresOutbox(context)); // on the endpoints
///     ...
/// });
/// </code>
/// Retries configured on the endpoint run before it, each on a fresh scope and DbContext. Needs
/// <c>AddMessagingDbContext</c> for the database, whose model has <c>AddInboxOutbox()</c>; sagas join the outbox's transaction when they are in
/// PostgreSQL (<c>SetPostgresSagaRepositoryProvider</c>).
/// </summary>
public static class PostgresOutboxRegistrationExtensions
{
    /// <summary>As many outgoing messages as one consumed message sends, delivered in one transaction.</summary>
    const int MessageDeliveryLimit = 100;

    public static IBusRegistrationConfigurator AddPostgresOutbox(this IBusRegistrationConfigurator configurator,
        Action<PostgresOutboxOptions>? configure = null)
    {
        var options = new PostgresOutboxOptions();
        configure?.Invoke(options);
        configurator.AddSingleton(Options.Create(options));
        configurator.AddDatabaseClock();
        configurator.TryAddSingleton<SentOutboxRows>();
        configurator.TryAddSingleton<AfterCommitDeletes>();
        configurator.TryAddScoped<PostgresOutboxContextFactory>();
        configurator.TryAddScoped<IOutboxContextFactory<DbContext>>(p => p.GetRequiredService<PostgresOutboxContextFactory>());
        configurator.TryAddScoped<IOutboxContextFactory<SagaOutbox>>(p => p.GetRequiredService<PostgresOutboxContextFactory>());
        configurator.AddHostedService<OutboxDeliveryService>();
        return configurator;
    }

    /// <summary>Puts every consumer and saga of this endpoint behind the PostgreSQL inbox/outbox.</summary>
    public static void UsePostgresOutbox(this IReceiveEndpointConfigurator configurator, IRegistrationContext context)
    {
        configurator.ConnectConsumerConfigurationObserver(new OutboxConsumePipeSpecificationObserver<DbContext>(configurator, context)
        {
            MessageDeliveryLimit = MessageDeliveryLimit,
        });
        configurator.ConnectSagaConfigurationObserver(new OutboxConsumePipeSpecificationObserver<SagaOutbox>(configurator, context)
        {
            MessageDeliveryLimit = MessageDeliveryLimit,
        });
    }
}
