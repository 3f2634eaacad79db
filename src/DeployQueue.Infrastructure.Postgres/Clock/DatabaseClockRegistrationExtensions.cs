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
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => new DatabaseClock(provider.GetRequiredService<TimeProvider>()));
        services.AddHostedService<DatabaseClockSynchronizer>();
        return services;
    }
}
