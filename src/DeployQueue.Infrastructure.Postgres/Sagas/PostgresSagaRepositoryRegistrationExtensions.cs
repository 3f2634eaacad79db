using DeployQueue.Infrastructure.Postgres.Sagas;
using MassTransit.Configuration;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;

// MassTransit's convention: registration extensions live in its namespace, next to InMemoryRepository().
// ReSharper disable once CheckNamespace
namespace MassTransit;

/// <summary>
/// Puts sagas in PostgreSQL. Either for every saga of the bus, with no change to their registration:
/// <code>services.AddMassTransit(x => { x.SetPostgresSagaRepositoryProvider(); x.AddSagaStateMachine&lt;M, S&gt;(); ... })</code>
/// or for one saga: <c>x.AddSagaStateMachine&lt;M, S&gt;().PostgresRepository()</c>.
/// The saga instance type must be mapped in the DbContext registered with <c>AddMessagingDbContext</c>
/// (<c>SagaInstanceMapping.Map</c>).
/// </summary>
public static class PostgresSagaRepositoryRegistrationExtensions
{
    public static ISagaRegistrationConfigurator<TSaga> PostgresRepository<TSaga>(this ISagaRegistrationConfigurator<TSaga> configurator)
        where TSaga : class, ISaga
    {
        configurator.Repository(services =>
        {
            services.RegisterLoadSagaRepository<TSaga, PostgresSagaRepositoryContextFactory<TSaga>>();
            services.RegisterQuerySagaRepository<TSaga, PostgresSagaRepositoryContextFactory<TSaga>>();
            services.RegisterSagaRepository<TSaga, DbContext,
                SagaConsumeContextFactory<DbContext, TSaga>, PostgresSagaRepositoryContextFactory<TSaga>>();
        });
        return configurator;
    }

    public static void SetPostgresSagaRepositoryProvider(this IRegistrationConfigurator configurator) =>
        configurator.SetSagaRepositoryProvider(new PostgresSagaRepositoryRegistrationProvider());

    sealed class PostgresSagaRepositoryRegistrationProvider : ISagaRepositoryRegistrationProvider
    {
        public void Configure<TSaga>(ISagaRegistrationConfigurator<TSaga> configurator)
            where TSaga : class, ISaga =>
            configurator.PostgresRepository();
    }
}
