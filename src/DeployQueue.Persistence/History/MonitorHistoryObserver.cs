using DeployQueue.Domain.StateMachines;
using MassTransit;

namespace DeployQueue.Persistence.History;

/// <summary>
/// Writes a <see cref="DeployTransition"/> for every state change of a lane's monitor, under the deploy whose release it
/// watches (states Monitoring, Stable, RollingBack, ...), so that the deploy's history goes on past Succeeded. Committed with
/// the monitor's state, as <see cref="DeployHistoryObserver"/> does for deploys.
/// </summary>
public sealed class MonitorHistoryObserver(TimeProvider clock) : IStateObserver<MonitorState>
{
    public Task StateChanged(BehaviorContext<MonitorState> context, State currentState, State? previousState)
    {
        if (!context.TryGetPayload(out DeployQueueDbContext? db))
            return Task.CompletedTask;

        var monitor = context.Saga;
        db.DeployTransitions.Add(new DeployTransition
        {
            DeployId = monitor.Release.DeployId,
            Repository = monitor.Repository,
            PrNumber = monitor.Release.PrNumber,
            Target = monitor.Target,
            Attempt = monitor.Release.Attempt,
            FromState = previousState?.Name ?? "Initial",
            ToState = currentState.Name,
            Cause = context.Event.Name,
            OccurredAt = clock.GetUtcNow(),
        });
        return Task.CompletedTask;
    }
}
