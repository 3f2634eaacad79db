using DeployQueue.Domain.StateMachines;
using MassTransit;

namespace DeployQueue.Persistence.History;

/// <summary>
/// Writes a <see cref="DeployTransition"/> for every state change of a deploy saga, into the DbContext that
/// saves the saga (a payload of the message's context), so that history and state commit together or not at
/// all. A deploy saga kept elsewhere (the in-memory store of the embedded default) has no history here.
/// </summary>
public sealed class DeployHistoryObserver(TimeProvider clock) : IStateObserver<DeployState>
{
    public Task StateChanged(BehaviorContext<DeployState> context, State currentState, State? previousState)
    {
        if (!context.TryGetPayload(out DeployQueueDbContext? db))
            return Task.CompletedTask;

        var deploy = context.Saga;
        db.DeployTransitions.Add(new DeployTransition
        {
            DeployId = deploy.CorrelationId,
            Repository = deploy.Repository,
            PrNumber = deploy.PrNumber,
            Target = deploy.Target,
            Attempt = deploy.Attempt.Number,
            FromState = previousState?.Name ?? "Initial",
            ToState = currentState.Name,
            Cause = context.Event.Name,
            OccurredAt = clock.GetUtcNow(),
        });
        return Task.CompletedTask;
    }
}
