using DeployQueue.Domain.StateMachines;
using MassTransit;

namespace DeployQueue.Persistence.History;

/// <summary>Writes a <see cref="DeployTransition"/> for every state change of a deploy saga, committed with its state.</summary>
public sealed class DeployHistoryObserver(TimeProvider clock) : IStateObserver<DeployState>
{
    public Task StateChanged(BehaviorContext<DeployState> context, State currentState, State? previousState) =>
        TransitionRecorder.Record(context, currentState, previousState, clock.GetUtcNow(), new DeployTransition
        {
            DeployId = context.Saga.CorrelationId,
            Repository = context.Saga.Repository,
            PrNumber = context.Saga.PrNumber,
            Target = context.Saga.Target,
            Attempt = context.Saga.Attempt.Number,
        });
}
