using DeployQueue.Infrastructure.Postgres.Sagas;
using Microsoft.EntityFrameworkCore;

// ReSharper disable once CheckNamespace
namespace MassTransit;

/// <summary>
/// The retry that makes competing instances safe: a saga update that lost the optimistic race
/// (<see cref="DbUpdateConcurrencyException"/>), a first event that lost the insert race (unique violation
/// 23505), or a transient database fault runs the whole message again, on a new scope and a new DbContext,
/// where it sees the winner's row.
/// <para>
/// Call it on the bus (<c>cfg.UsePostgresSagaRetry()</c> inside <c>UsingRabbitMq</c>: every receive endpoint)
/// or on one receive endpoint, before the saga and before <c>UseInMemoryOutbox</c>, so that messages the saga
/// sends leave only once its row is saved:
/// <code>cfg.UsePostgresSagaRetry(); cfg.UseInMemoryOutbox(context);</code>
/// </para>
/// </summary>
public static class SagaRetryConfigurationExtensions
{
    public static void UsePostgresSagaRetry(this IConsumePipeConfigurator configurator, int retryLimit = 15)
    {
        configurator.UseMessageRetry(retry =>
        {
            retry.Handle<Exception>(SagaConflicts.IsConflict);
            retry.Handle<Exception>(SagaConflicts.IsTransient);
            // Jittered, growing pauses spread the competitors apart so the next attempt usually wins.
            retry.Exponential(retryLimit, TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(20));
        });
    }
}
