using DeployQueue.Domain.StateMachines;
using MassTransit;

namespace DeployQueue.Persistence.History;

/// <summary>
/// Writes a <see cref="DeployTransition"/> for every state change of a lane's monitor, under the deploy whose release it
/// watches (Monitoring, Stable, RollingBack, ...), so that the deploy's history goes on past Succeeded; a rollout step's
/// watch names the step ("JudgeStep (canary 10 % (step 1 of 3))").
/// </summary>
public sealed class MonitorHistoryObserver(TimeProvider clock) : IStateObserver<MonitorState>
{
    public Task StateChanged(BehaviorContext<MonitorState> context, State currentState, State? previousState) =>
        TransitionRecorder.Record(context, currentState, previousState, clock.GetUtcNow(), new DeployTransition
        {
            DeployId = context.Saga.Release.DeployId,
            Repository = context.Saga.Repository,
            PrNumber = context.Saga.Release.PrNumber,
            Target = context.Saga.Target,
            Attempt = context.Saga.Release.Attempt,
        }, context.Saga.Canary?.ToString());
}
