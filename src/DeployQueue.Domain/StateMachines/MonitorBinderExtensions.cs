using DeployQueue.Contracts;
using DeployQueue.Domain.Configuration;
using DeployQueue.Domain.Policies;
using MassTransit;

namespace DeployQueue.Domain.StateMachines;

/// <summary>The named steps of the monitor state machine, as extensions of its activity binders, so that its transitions read as a table.</summary>
static class MonitorBinderExtensions
{
    /// <summary>A new watch: of the release the message names, its window and first interval scheduled, every count from zero.</summary>
    public static EventActivityBinder<MonitorState, MonitorRelease> Watch(this EventActivityBinder<MonitorState, MonitorRelease> binder,
        TargetCatalog targets, Schedule<MonitorState, MonitoringIntervalDue> interval, Schedule<MonitorState, MonitoringWindowEnded> window) =>
        binder.StartWatch(x => x.Message, _ => null, _ => null, x => targets[x.Message.Target].Monitoring.Window, targets, interval, window);

    /// <summary>A rollout step's watch: the same checks and cadence as a release's, for the step's pause instead of the window.</summary>
    public static EventActivityBinder<MonitorState, JudgeCanaryStep> JudgeCanary(this EventActivityBinder<MonitorState, JudgeCanaryStep> binder,
        TargetCatalog targets, Schedule<MonitorState, MonitoringIntervalDue> interval, Schedule<MonitorState, MonitoringWindowEnded> window) =>
        binder.StartWatch(x => x.Message.Release, x => x.Message.Step, x => x.Message.PreviewUrl, x => x.Message.Pause, targets, interval, window);

    static EventActivityBinder<MonitorState, T> StartWatch<T>(this EventActivityBinder<MonitorState, T> binder,
        Func<BehaviorContext<MonitorState, T>, MonitorRelease> release, Func<BehaviorContext<MonitorState, T>, CanaryStep?> canary,
        Func<BehaviorContext<MonitorState, T>, string?> previewUrl, Func<BehaviorContext<MonitorState, T>, TimeSpan> length, TargetCatalog targets,
        Schedule<MonitorState, MonitoringIntervalDue> interval, Schedule<MonitorState, MonitoringWindowEnded> window) where T : class => binder
        .Then(x =>
        {
            var monitor = x.Saga;
            Begin(monitor, release(x), targets.Now);
            monitor.Canary = canary(x);
            monitor.PreviewUrl = previewUrl(x);
            monitor.WindowEndsAt = monitor.StartedAt + length(x);
            monitor.FixTaskIds = [];
            monitor.Outcome = Watching(monitor);
        })
        .Schedule(window, x => new MonitoringWindowEnded(x.Saga.CorrelationId), x => targets.Until(x.Saga.WindowEndsAt!.Value))
        .ScheduleNextSample(targets, interval);

    static string Watching(MonitorState monitor) => monitor.Canary is { } step ? $"{step}: monitoring" : "monitoring";

    /// <summary>The next interval, on the watch's grid (<see cref="MonitoringCadence"/>), so that late handling never adds up.</summary>
    public static EventActivityBinder<MonitorState, T> ScheduleNextSample<T>(this EventActivityBinder<MonitorState, T> binder, TargetCatalog targets,
        Schedule<MonitorState, MonitoringIntervalDue> interval) where T : class => binder
        .Schedule(interval, x => new MonitoringIntervalDue(x.Saga.CorrelationId),
            x => targets.Until(MonitoringCadence.NextSampleAt(x.Saga.StartedAt!.Value, targets[x.Saga.Target].Monitoring.Interval, targets.Now)));

    /// <summary>
    /// A failed deploy's release, handed over with its lane: rolled back as a release that degraded is, with the deploy's fix
    /// tasks and reason, on the ticket the lane was handed over with (queued with it too, in case the hand-over did not land).
    /// </summary>
    public static EventActivityBinder<MonitorState, RollBackRelease> TakeOverRollback(this EventActivityBinder<MonitorState, RollBackRelease> binder,
        TargetCatalog targets) =>
        binder
            .Then(x =>
            {
                Begin(x.Saga, x.Message.Release, targets.Now);
                x.Saga.FixTaskIds = x.Message.FixTaskIds.ToList();
            })
            .QueueForRollback(x => x.Message.Ticket, x => x.Message.Reason);

    /// <summary>A new watch of <paramref name="release"/>: every count from zero, and what an earlier watch scheduled or decided stale.</summary>
    static void Begin(MonitorState monitor, MonitorRelease release, DateTimeOffset now)
    {
        monitor.Repository = release.Repository;
        monitor.Target = release.Target;
        monitor.Watch++;
        monitor.Release = MonitoredRelease.Of(release);
        monitor.Canary = null;
        monitor.PreviewUrl = null;
        monitor.StartedAt = now;
        monitor.WindowEndsAt = null;
        monitor.Samples = 0;
        monitor.LastJudgedSample = 0;
        monitor.ConsecutiveFailures = 0;
        monitor.ConsecutiveInconclusive = 0;
        monitor.FailingSamples = [];
        monitor.Figures = [];
        monitor.EndedAt = null;
    }

    public static EventActivityBinder<MonitorState, T> SampleChecks<T>(this EventActivityBinder<MonitorState, T> binder) where T : class => binder
        .Then(x => x.Saga.Samples++)
        .Publish(x => new RunMonitoringChecks(x.Saga.CorrelationId, x.Saga.Watch, x.Saga.Samples, x.Saga.Target, x.Saga.Release.MergeSha,
            x.Saga.Canary?.StableSha, x.Saga.PreviewUrl));

    /// <summary>The interval's verdict into the streaks, its values into the figures.</summary>
    public static EventActivityBinder<MonitorState, MonitoringSampled> Judge(this EventActivityBinder<MonitorState, MonitoringSampled> binder) => binder
        .Then(x =>
        {
            var monitor = x.Saga;
            var checks = x.Message.Checks;
            monitor.LastJudgedSample = x.Message.Sample;
            monitor.Figures = MonitorVerdicts.WithSample(monitor.Figures, checks);
            switch (MonitorVerdicts.Of(checks))
            {
                case MonitoringVerdict.Failed:
                    monitor.ConsecutiveFailures++;
                    monitor.ConsecutiveInconclusive = 0;
                    monitor.FailingSamples.AddRange(checks.Where(c => c.Verdict == MonitoringVerdict.Failed));
                    monitor.Outcome = $"failing {monitor.ConsecutiveFailures} interval(s) in a row: {MonitorMessages.Failures(monitor)}";
                    break;
                case MonitoringVerdict.Inconclusive:
                    monitor.ConsecutiveInconclusive++;
                    monitor.Outcome = $"no data {monitor.ConsecutiveInconclusive} interval(s) in a row: {MonitorMessages.Inconclusive(x.Message)}";
                    break;
                default:
                    monitor.ConsecutiveFailures = 0;
                    monitor.ConsecutiveInconclusive = 0;
                    monitor.FailingSamples = [];
                    monitor.Outcome = Watching(monitor);
                    break;
            }
        });

    /// <summary>The release failed its monitoring: a fix task per failing check, and the announcement.</summary>
    public static EventActivityBinder<MonitorState, T> Degrade<T>(this EventActivityBinder<MonitorState, T> binder, TargetCatalog targets)
        where T : class => binder
        .ThenAsync(x => PublishFixTasks(x, targets))
        .Then(x => x.Saga.Outcome = $"degraded: {MonitorMessages.Failures(x.Saga)}")
        .Publish(x => MonitorMessages.Announcement(x.Saga, AnnouncementKind.Failed,
            $"{x.Saga.Repository}#{x.Saga.Release.PrNumber} degraded on {x.Saga.Target} after its deploy " +
            $"({x.Saga.ConsecutiveFailures} failed intervals in a row): {MonitorMessages.Failures(x.Saga)}; " +
            $"{x.Saga.FixTaskIds.Count} fix task(s) requested", DateTimeOffset.UtcNow));

    /// <summary>A rollout step failed its checks: a fix task per failing check, and the verdict to the deploy, which aborts the rollout.</summary>
    public static EventActivityBinder<MonitorState, T> FailCanary<T>(this EventActivityBinder<MonitorState, T> binder, TargetCatalog targets)
        where T : class => binder
        .ThenAsync(async x =>
        {
            var fixTasks = await PublishFixTasks(x, targets);
            x.Saga.Outcome = $"{x.Saga.Canary} failed: {MonitorMessages.Failures(x.Saga)}";
            await x.Publish(new CanaryStepFailed(x.Saga.Release.DeployId, x.Saga.Release.Attempt, x.Saga.Canary!.Number,
                MonitorMessages.Failures(x.Saga), fixTasks));
        });

    /// <summary>A rollout step passed its pause: the deploy goes on with the next step.</summary>
    public static EventActivityBinder<MonitorState, T> PassCanary<T>(this EventActivityBinder<MonitorState, T> binder) where T : class => binder
        .Then(x => x.Saga.Outcome = $"{x.Saga.Canary} passed: {x.Saga.LastJudgedSample} interval(s) judged")
        .Publish(x => new CanaryStepPassed(x.Saga.Release.DeployId, x.Saga.Release.Attempt, x.Saga.Canary!.Number));

    static async Task<IReadOnlyList<FixTaskRequested>> PublishFixTasks<T>(BehaviorContext<MonitorState, T> x, TargetCatalog targets) where T : class
    {
        var fixTasks = MonitorMessages.FixTasks(x.Saga, targets.EnvironmentOf(x.Saga.Target), NewId.NextGuid).ToList();
        foreach (var fixTask in fixTasks)
        {
            x.Saga.FixTaskIds.Add(fixTask.FixTaskId);
            await x.Publish(fixTask);
        }
        return fixTasks;
    }

    /// <summary>A rollback changes the target: it queues for the lane first, ahead of deploys, and holds it until verified.</summary>
    public static EventActivityBinder<MonitorState, T> QueueForRollback<T>(this EventActivityBinder<MonitorState, T> binder,
        Func<BehaviorContext<MonitorState, T>, Guid> ticket, Func<BehaviorContext<MonitorState, T>, string> reason) where T : class => binder
        .Then(x =>
        {
            x.Saga.RollbackTicket = ticket(x);
            x.Saga.RollbackReason = reason(x);
            x.Saga.RollbackDecidedAt = DateTimeOffset.UtcNow;
            x.Saga.Outcome = $"rollback to {DeployStateMachine.Short(x.Saga.Release.PreviousGoodSha)} waiting for the lane";
        })
        .Publish(x => new LaneRequested(x.Saga.CorrelationId, x.Saga.Repository, x.Saga.Target, x.Saga.CorrelationId,
            x.Saga.RollbackTicket!.Value, TaskPriority.Critical, x.Saga.RollbackDecidedAt!.Value));

    /// <summary>Request: RollbackRequested for the executor, as a failed deploy asks. Automatic: the queue's own GitHub Deployment.</summary>
    public static EventActivityBinder<MonitorState, T> StartRollback<T>(this EventActivityBinder<MonitorState, T> binder, TargetCatalog targets)
        where T : class => binder
        .Then(x => x.Saga.Outcome = $"rolling back to {DeployStateMachine.Short(x.Saga.Release.PreviousGoodSha)}")
        .IfElse(x => RollsBackByDeployment(targets[x.Saga.Target]),
            automatic => automatic
                .Publish(x => new RollBackTarget(x.Saga.CorrelationId, x.Saga.Watch, x.Saga.Repository, x.Saga.Target,
                    targets.EnvironmentOf(x.Saga.Target), x.Saga.Release.PreviousGoodSha!, x.Saga.RollbackDecidedAt!.Value,
                    targets[x.Saga.Target].Rollout.Enabled ? x.Saga.Release.MergeSha : null)),
            request => request
                .Publish(x => new RollbackRequested
                {
                    DeployId = x.Saga.Release.DeployId,
                    DeployTaskId = x.Saga.Release.DeployTaskId,
                    Repository = x.Saga.Repository,
                    PrNumber = x.Saga.Release.PrNumber,
                    Target = x.Saga.Target,
                    Environment = targets.EnvironmentOf(x.Saga.Target),
                    FailedSha = x.Saga.Release.MergeSha,
                    RollbackToSha = x.Saga.Release.PreviousGoodSha!,
                    Reason = x.Saga.RollbackReason ?? "",
                    FixTaskIds = x.Saga.FixTaskIds.ToList(),
                }))
        .Publish(x => MonitorMessages.Announcement(x.Saga, AnnouncementKind.RollbackRequested,
            $"Rollback of {x.Saga.Target} from {DeployStateMachine.Short(x.Saga.Release.MergeSha)} to " +
            $"{DeployStateMachine.Short(x.Saga.Release.PreviousGoodSha)} " +
            (!RollsBackByDeployment(targets[x.Saga.Target]) ? "requested"
                : targets[x.Saga.Target].Rollout.Enabled ? "started (GitHub Deployment, weight 0 for the release)" : "started (GitHub Deployment)"),
            DateTimeOffset.UtcNow));

    /// <summary>Rollback: Automatic, and any target with a rollout, whose abort is a Deployment of the stable SHA carrying weight 0.</summary>
    static bool RollsBackByDeployment(TargetOptions target) => target.Rollback == RollbackMode.Automatic || target.Rollout.Enabled;

    public static EventActivityBinder<MonitorState, T> VerifyRollback<T>(this EventActivityBinder<MonitorState, T> binder, TargetCatalog targets)
        where T : class => binder
        .Publish(x => new VerifyRollback(x.Saga.CorrelationId, x.Saga.Watch, x.Saga.Repository, x.Saga.Target, x.Saga.Release.PreviousGoodSha!,
            RollsBackByDeployment(targets[x.Saga.Target]), x.Saga.RollbackDecidedAt!.Value));

    /// <summary>The lane back, with the SHA rolled back to as its last known good: never the release rolled back.</summary>
    public static EventActivityBinder<MonitorState, T> ReleaseRollbackLane<T>(this EventActivityBinder<MonitorState, T> binder) where T : class => binder
        .Publish(x => new LaneReleased(x.Saga.CorrelationId, x.Saga.CorrelationId, x.Saga.RollbackTicket!.Value, x.Saga.Release.PreviousGoodSha));

    public static EventActivityBinder<MonitorState, T> AnnounceSuperseded<T>(this EventActivityBinder<MonitorState, T> binder,
        Func<BehaviorContext<MonitorState, T>, string> why) where T : class => binder
        .Then(x => x.Saga.Outcome = $"superseded: {why(x)}")
        .Publish(x => MonitorMessages.Announcement(x.Saga, AnnouncementKind.Superseded,
            $"Monitoring of {DeployStateMachine.Short(x.Saga.Release.MergeSha)} on {x.Saga.Target} ended after " +
            $"{x.Saga.LastJudgedSample} interval(s): {why(x)}", DateTimeOffset.UtcNow));

    public static EventActivityBinder<MonitorState, T> AnnounceStable<T>(this EventActivityBinder<MonitorState, T> binder) where T : class => binder
        .Then(x => x.Saga.Outcome = "stable")
        .Publish(x => MonitorMessages.Announcement(x.Saga, AnnouncementKind.Stable,
            $"{x.Saga.Repository}#{x.Saga.Release.PrNumber} is stable on {x.Saga.Target} at {DeployStateMachine.Short(x.Saga.Release.MergeSha)}: " +
            $"{x.Saga.LastJudgedSample} interval(s) watched" +
            (x.Saga.Figures.Count > 0 ? "; " + string.Join(", ", x.Saga.Figures.Select(f => $"{f.Check} {f.Lowest:0.###}–{f.Highest:0.###}")) : ""),
            DateTimeOffset.UtcNow));

    public static EventActivityBinder<MonitorState, T> AnnounceRollbackVerified<T>(this EventActivityBinder<MonitorState, T> binder,
        Func<BehaviorContext<MonitorState, T>, string> observed) where T : class => binder
        .Then(x => x.Saga.Outcome = $"rolled back to {DeployStateMachine.Short(x.Saga.Release.PreviousGoodSha)}")
        .Publish(x => MonitorMessages.Announcement(x.Saga, AnnouncementKind.RollbackVerified,
            $"{x.Saga.Target} serves {DeployStateMachine.Short(x.Saga.Release.PreviousGoodSha)} again, rolled back from " +
            $"{DeployStateMachine.Short(x.Saga.Release.MergeSha)} ({observed(x)})", DateTimeOffset.UtcNow));

    public static EventActivityBinder<MonitorState, T> AnnounceInvestigation<T>(this EventActivityBinder<MonitorState, T> binder,
        Func<BehaviorContext<MonitorState, T>, string> detail) where T : class => binder
        .Publish(x => MonitorMessages.Announcement(x.Saga, AnnouncementKind.InvestigationNeeded, detail(x), DateTimeOffset.UtcNow));
}
