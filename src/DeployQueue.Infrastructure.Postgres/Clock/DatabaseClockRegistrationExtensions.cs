using DeployQueue.Infrastructure.Postgres.Clock;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

// ReSharper disable once CheckNamespace
namespace MassTransit;

public static class DatabaseClockRegistrationExtensions
{
    /// <summary>The <see cref="DatabaseClock"/> the outbox and the scheduler stamp and judge rows with, kept measured.</summary>
    public static IServiceCollection AddDatabaseClock(this IServiceCollection services)
    {
        // On the system clock itself: the host may serve this clock as its TimeProvider.
        services.TryAddSingleton(new DatabaseClock(TimeProvider.System));
        services.AddHostedService<DatabaseClockSynchronizer>();
        return services;
    }
}
