using DeployQueue.Domain.Ports;
using DeployQueue.Domain.StateMachines;
using DeployQueue.Persistence;
using DeployQueue.Persistence.History;
using DeployQueue.Persistence.Locks;
using DeployQueue.Persistence.Schema;
using DeployQueue.Persistence.Webhooks;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

// ReSharper disable once CheckNamespace
namespace Microsoft.Extensions.DependencyInjection;

public static class PersistenceServiceCollectionExtensions
{
    /// <summary>Health check tag of the readiness checks (<c>/health/ready</c>).</summary>
    public const string ReadyTag = "ready";

    /// <summary>
    /// The PostgreSQL store: the DbContext factory, schema migration at start (unless
    /// <paramref name="migrateAtStart"/> is false: then run <see cref="DeployQueueSchema.MigrateAsync"/> yourself),
    /// the "schema" readiness check, the deploy history and its writer, the webhook deliveries, the deploys' locks. Call it before <c>AddMassTransit</c> so
    /// the schema is current before the bus starts. Sagas go to PostgreSQL with
    /// <c>x.SetPostgresSagaRepositoryProvider()</c> (all) or <c>.PostgresRepository()</c> (one).
    /// </summary>
    public static IServiceCollection AddDeployQueuePersistence(this IServiceCollection services, string connectionString,
        bool migrateAtStart = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        services.AddPooledDbContextFactory<DeployQueueDbContext>(options => options.UseNpgsql(connectionString)
            // A failed command reaches its caller as an exception, which handles it (a lost race, a duplicate delivery) or
            // logs it once: EF Core's own Error lines for it would be a second report, and for the expected ones a false alarm.
            .ConfigureWarnings(events => events.Log(
                (RelationalEventId.CommandError, LogLevel.Debug),
                (CoreEventId.SaveChangesFailed, LogLevel.Debug),
                (CoreEventId.QueryIterationFailed, LogLevel.Debug))));
        services.AddMessagingDbContext<DeployQueueDbContext>();
        services.AddSingleton<DeployQueueSchema>();
        if (migrateAtStart)
            services.AddHostedService<SchemaMigrationHostedService>();
        services.AddHealthChecks().AddCheck<SchemaCurrentHealthCheck>("schema", tags: [ReadyTag]);

        services.TryAddSingleton(TimeProvider.System);
        services.AddStateObserver<DeployState, DeployHistoryObserver>();
        services.AddStateObserver<MonitorState, MonitorHistoryObserver>();
        services.AddSingleton<IDeployHistory, DeployHistory>();
        services.AddSingleton<IWebhookDeliveries, PostgresWebhookDeliveries>();
        services.AddSingleton<IDeployLocks, PostgresDeployLocks>();
        return services;
    }
}
