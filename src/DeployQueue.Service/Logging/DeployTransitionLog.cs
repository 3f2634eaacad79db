using DeployQueue.Domain.StateMachines;
using MassTransit;

namespace DeployQueue.Service.Logging;

/// <summary>
/// One Information line per state change of a deploy, with its repository, PR, target, attempt and deploy id as
/// properties, so that JSON logs can be filtered by deploy. (Written as the saga changes state, before its commit: a
/// transition retried after a concurrency conflict is logged again.)
/// </summary>
public sealed partial class DeployTransitionLog(ILogger<DeployTransitionLog> logger) : IStateObserver<DeployState>
{
    public Task StateChanged(BehaviorContext<DeployState> context, State currentState, State? previousState)
    {
        // A new saga first enters Initial from nothing: no transition of the deploy yet.
        if (previousState is null)
            return Task.CompletedTask;
        var deploy = context.Saga;
        Transition(deploy.Repository, deploy.PrNumber, deploy.Target, deploy.Attempt.Number, previousState.Name, currentState.Name,
            context.Event.Name, deploy.Attempt.WaitingFor ?? deploy.Attempt.Outcome ?? "", deploy.CorrelationId);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Deploy {Repository}#{PrNumber} to {Target}, attempt {Attempt}: {FromState} -> {ToState} on {Event} {Detail} ({DeployId})")]
    partial void Transition(string repository, int prNumber, string target, int attempt, string fromState, string toState, string @event,
        string detail, Guid deployId);
}
