using MassTransit;

namespace DeployQueue.Persistence.History;

/// <summary>
/// Adds a <see cref="DeployTransition"/> of a deploy to the DbContext that saves the saga changing state (a payload of the
/// message's context), so that history and state commit together or not at all. A saga kept elsewhere (the in-memory
/// store of the embedded default) has no history here. <c>about</c> names what the transition was about, beside its event (a
/// rollout step, say).
/// </summary>
static class TransitionRecorder
{
    public static Task Record<TSaga>(BehaviorContext<TSaga> context, State currentState, State? previousState, DateTimeOffset at,
        DeployTransition deploy, string? about = null) where TSaga : class, SagaStateMachineInstance
    {
        if (!context.TryGetPayload(out DeployQueueDbContext? db))
            return Task.CompletedTask;
        deploy.FromState = previousState?.Name ?? "Initial";
        deploy.ToState = currentState.Name;
        deploy.Cause = about is null ? context.Event.Name : $"{context.Event.Name} ({about})";
        deploy.OccurredAt = at;
        db.DeployTransitions.Add(deploy);
        return Task.CompletedTask;
    }
}
