using System.Diagnostics;
using System.Diagnostics.Metrics;
using DeployQueue.Domain.StateMachines;
using DeployQueue.Domain.Telemetry;
using MassTransit;

namespace DeployQueue.Service.Telemetry;

/// <summary>
/// The deploys as metrics, read off the deploy saga's transitions (the state machine itself stays a transition table):
/// attempts started, succeeded and failed (by how they failed: the event that failed them), the lead time of an
/// attempt, the time spent in each state, the wait for the lane, and the fix tasks requested by kind. Counted once the
/// saga committed (<see cref="AfterSagaCommit"/>). It also keeps when the deploy entered its state, and tags the trace's
/// current span with the deploy, so that a trace can be found by repository, PR or deploy id.
/// </summary>
public sealed class DeployMetrics : IStateObserver<DeployState>, IDisposable
{
    readonly Meter meter;
    readonly TimeProvider clock;
    readonly Counter<long> started;
    readonly Counter<long> succeeded;
    readonly Counter<long> failed;
    readonly Histogram<double> leadTime;
    readonly Histogram<double> stageTime;
    readonly Histogram<double> laneWait;
    readonly Counter<long> fixTasks;

    public DeployMetrics(TimeProvider clock)
    {
        this.clock = clock;
        meter = new Meter(DeployQueueMeter.Name);
        started = meter.CreateCounter<long>("deployqueue.deploys.started", "{deploy}", "Deploy attempts started, by repository and target");
        succeeded = meter.CreateCounter<long>("deployqueue.deploys.succeeded", "{deploy}", "Deploy attempts that succeeded");
        failed = meter.CreateCounter<long>("deployqueue.deploys.failed", "{deploy}",
            "Deploy attempts that failed, by failure kind (the event that failed them: MergeBlocked, DeploymentFailed, SmokeTimeout, ...)");
        leadTime = meter.CreateHistogram<double>("deployqueue.deploy.duration", "s",
            "From request accepted to Succeeded or Failed, by outcome", advice: Buckets);
        stageTime = meter.CreateHistogram<double>("deployqueue.deploy.stage.duration", "s",
            "Time a deploy spent in a state (Claimed, Merging, AwaitingGate, Deploying, Smoke) before leaving it", advice: Buckets);
        laneWait = meter.CreateHistogram<double>("deployqueue.lane.wait", "s", "From queueing for the lane to its grant", advice: Buckets);
        fixTasks = meter.CreateCounter<long>("deployqueue.fix_tasks", "{task}", "Fix tasks requested, by kind, repository and target");
    }

    /// <summary>Seconds to an hour: a merge takes a second, a rollout minutes, a busy lane longer.</summary>
    static readonly InstrumentAdvice<double> Buckets = new() { HistogramBucketBoundaries = [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600] };

    public Task StateChanged(BehaviorContext<DeployState> context, State currentState, State? previousState)
    {
        var deploy = context.Saga;
        var now = clock.GetUtcNow();
        var repository = new KeyValuePair<string, object?>("repository", deploy.Repository);
        var target = new KeyValuePair<string, object?>("target", deploy.Target);

        Activity.Current?.SetTag("deployqueue.deploy_id", deploy.CorrelationId)
            .SetTag("deployqueue.repository", deploy.Repository)
            .SetTag("deployqueue.pr_number", deploy.PrNumber)
            .SetTag("deployqueue.target", deploy.Target)
            .SetTag("deployqueue.attempt", deploy.Attempt.Number)
            .SetTag("deployqueue.state", currentState.Name);

        var left = previousState is not null && deploy.StateEnteredAt is { } entered && IsStage(previousState.Name)
            ? (Stage: previousState.Name, Seconds: (now - entered).TotalSeconds)
            : default;
        deploy.StateEnteredAt = now;
        var attemptSeconds = (now - deploy.Attempt.StartedAt).TotalSeconds;
        var laneSeconds = deploy.LaneQueuedAt is { } queued ? (now - queued).TotalSeconds : (double?)null;
        var fixTaskKinds = currentState.Name == nameof(DeployStateMachine.Failed)
            ? RequestedFixTasks.Of(context).Select(task => task.Problem.Kind.ToString()).ToList()
            : [];
        var failureKind = FailureKind(context.Event.Name);
        var startsAttempt = previousState?.Name is "Initial" or nameof(DeployStateMachine.Succeeded) or nameof(DeployStateMachine.Failed);

        AfterSagaCommit.Run(context, () =>
        {
            if (left.Stage is not null)
                stageTime.Record(left.Seconds, repository, target, new("stage", left.Stage));
            switch (currentState.Name)
            {
                case nameof(DeployStateMachine.Claimed) when startsAttempt:
                    started.Add(1, repository, target);
                    break;
                case nameof(DeployStateMachine.Merging) when laneSeconds is { } seconds:
                    laneWait.Record(seconds, repository, target);
                    break;
                case nameof(DeployStateMachine.Succeeded):
                    succeeded.Add(1, repository, target);
                    leadTime.Record(attemptSeconds, repository, target, new("outcome", "succeeded"));
                    break;
                case nameof(DeployStateMachine.Failed):
                    failed.Add(1, repository, target, new("failure_kind", failureKind));
                    leadTime.Record(attemptSeconds, repository, target, new("outcome", "failed"));
                    foreach (var kind in fixTaskKinds)
                        fixTasks.Add(1, new("kind", kind), repository, target);
                    break;
            }
        });
        return Task.CompletedTask;
    }

    /// <summary>The states a deploy passes through on its way; the final ones are not stages.</summary>
    static bool IsStage(string state) => state is nameof(DeployStateMachine.Claimed) or nameof(DeployStateMachine.Merging)
        or nameof(DeployStateMachine.AwaitingGate) or nameof(DeployStateMachine.Deploying) or nameof(DeployStateMachine.Smoke);

    /// <summary>A timeout's event is named after its schedule: "DeployTimeout.Received" is a DeployTimeout.</summary>
    static string FailureKind(string eventName) => eventName.EndsWith(".Received", StringComparison.Ordinal) ? eventName[..^".Received".Length] : eventName;

    public void Dispose() => meter.Dispose();
}
