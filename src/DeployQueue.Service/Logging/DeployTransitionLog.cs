using DeployQueue.Contracts;
using DeployQueue.Domain.StateMachines;
using DeployQueue.Service.Telemetry;
using MassTransit;

namespace DeployQueue.Service.Logging;

/// <summary>
/// One Information line per state change of a deploy, and one per fix task a failure requested, with its repository,
/// PR, target, attempt and deploy id as properties, so that JSON logs can be filtered by deploy. Written once the saga
/// committed the change (<see cref="AfterSagaCommit"/>): a transition retried after a concurrency conflict is logged once.
/// </summary>
public sealed partial class DeployTransitionLog(ILogger<DeployTransitionLog> logger) : IStateObserver<DeployState>
{
    public Task StateChanged(BehaviorContext<DeployState> context, State currentState, State? previousState)
    {
        // A new saga first enters Initial from nothing: no transition of the deploy yet.
        if (previousState is null)
            return Task.CompletedTask;
        var deploy = context.Saga;
        var (repository, prNumber, target) = (deploy.Repository, deploy.PrNumber, deploy.Target);
        var (attempt, deployId) = (deploy.Attempt.Number, deploy.CorrelationId);
        var (fromState, toState, @event) = (previousState.Name, currentState.Name, context.Event.Name);
        var detail = deploy.Attempt.WaitingFor ?? deploy.Attempt.Outcome ?? "";
        var fixTasks = toState == nameof(DeployStateMachine.Failed) ? RequestedFixTasks.Of(context) : [];
        AfterSagaCommit.Run(context, () =>
        {
            Transition(repository, prNumber, target, attempt, fromState, toState, @event, detail, deployId);
            foreach (var (fixTaskId, problem) in fixTasks)
                FixTask(repository, prNumber, target, attempt, problem.Kind, problem.Component ?? "", fixTaskId, deployId);
        });
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Deploy {Repository}#{PrNumber} to {Target}, attempt {Attempt}: {FromState} -> {ToState} on {Event} {Detail} ({DeployId})")]
    partial void Transition(string repository, int prNumber, string target, int attempt, string fromState, string toState, string @event,
        string detail, Guid deployId);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Deploy {Repository}#{PrNumber} to {Target}, attempt {Attempt}: fix task {FixTaskKind} {Component} ({FixTaskId}) ({DeployId})")]
    partial void FixTask(string repository, int prNumber, string target, int attempt, FixTaskKind fixTaskKind, string component, Guid fixTaskId,
        Guid deployId);
}
