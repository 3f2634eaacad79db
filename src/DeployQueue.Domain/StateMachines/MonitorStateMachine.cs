using DeployQueue.Contracts;
using DeployQueue.Domain.Configuration;
using MassTransit;

namespace DeployQueue.Domain.StateMachines;

/// <summary>
/// Post-deployment monitoring (DESIGN.md §1.6), one instance per lane (repository, target), correlated on the lane's id.
/// Per lane rather than per deploy because what is watched is the target: it runs one release at a time, so at most one
/// release per lane is watched, the next deploy of the lane supersedes it on the same instance, and a rollback is an
/// operation on the lane (held against deploys, its last known good SHA restored). A rollout's steps are judged here too, with
/// the same checks, cadence and verdicts, for the step's pause instead of the window; the deploy holds the lane meanwhile.
///
///   Initial, Stable, Superseded, Degraded, RolledBack, RollbackUnverified, StepPassed, StepFailed
///                 + MonitorRelease (a release not watched yet) → window, first interval            → Monitoring
///   Initial, Stable, Superseded, Degraded, RolledBack, RollbackUnverified, StepPassed, StepFailed
///                 + JudgeCanaryStep (a step not judged yet) → the step's pause, first interval      → Monitoring
///   Monitoring    + JudgeCanaryStep (another deploy's: its LaneTargetChanging was lost) → Superseded, judge it → Monitoring
///   Initial, Stable, Superseded, Degraded, RolledBack, RollbackUnverified, StepPassed, StepFailed
///                 + RollBackRelease (a deploy failed after changing the target; its lane handed over with a ticket)
///                                         → queue for the lane with that ticket, rollback timeout   → RollingBack
///   Monitoring    + RollBackRelease (the failed deploy's LaneTargetChanging not seen yet) → announce Superseded,
///                                         roll the failed release back as above                     → RollingBack
///   Monitoring    + MonitorRelease (another release: its LaneTargetChanging was lost) → Superseded, watch it → Monitoring
///   Monitoring    + LaneTargetChanging (another deploy or attempt)  → announce Superseded           → Superseded
///   Monitoring    + MonitoringIntervalDue → RunMonitoringChecks (+ next interval, on the watch's grid: MonitoringCadence)
///   Monitoring    + MonitoringSampled (passed) → figures; streaks end
///   Monitoring    + MonitoringSampled (inconclusive: no data) → InconclusiveLimit in a row: InvestigationNeeded, once a streak;
///                                           neither counts towards nor breaks a streak of failures
///   Monitoring    + MonitoringSampled (failed, FailureLimit in a row) → a fix task per failing check, Failed announced;
///                   a target that rolls back, with a good SHA known → queue for the lane first    → RollingBack
///                   a target that rolls back, with no good SHA → InvestigationNeeded                 → Degraded
///                   otherwise                                                                       → Degraded
///   Monitoring    + MonitoringWindowEnded → announce Stable with the figures observed               → Stable
///   Monitoring    + MonitoringWindowEnded (a rollout step) → CanaryStepPassed to the deploy        → StepPassed
///   Monitoring    + MonitoringSampled (a rollout step, failed FailureLimit in a row) → a fix task per failing check,
///                   CanaryStepFailed to the deploy, which announces the failure and hands the release back here (RollBackRelease):
///                   its rollback is a Deployment of the stable SHA with weight 0 for the release    → StepFailed
///   RollingBack   + LaneGranted (its ticket) → RollbackRequested (Request) or RollBackTarget (Automatic),
///                                           VerifyRollback (+ re-check)                             → VerifyingRollback
///   RollingBack   + LaneTargetChanging (a deploy had the lane first: it replaces the release) → give the ticket back,
///                                           announce Superseded                                     → Superseded
///   RollingBack   + RollBackRelease (as LaneTargetChanging, and that deploy failed) → give the ticket back, announce
///                                           Superseded, roll the failed release back as above         → RollingBack
///   VerifyingRollback + RollbackCheckDue  → VerifyRollback (+ re-check)
///   VerifyingRollback + RollbackChecked (served) → RollbackVerified, the lane back with the good SHA   → RolledBack
///   VerifyingRollback + RollbackChecked (the rollback's own Deployment failed) → InvestigationNeeded, the lane back
///                                           with the good SHA                                       → RollbackUnverified
///   RollingBack, VerifyingRollback + RollbackTimeoutExpired → InvestigationNeeded, the lane back with the good SHA
///                                                                                                    → RollbackUnverified
///   any           + LaneGranted (its own id, a ticket it no longer holds) → LaneReleased
///
/// The lane is held only while a rollback is in flight (RollingBack, VerifyingRollback), and given back with the SHA
/// rolled back to, so the lane's last known good SHA is never the release rolled back. Side effects (HTTP, Prometheus,
/// GitHub) run in consumers; intervals and timeouts are scheduled, so a restart loses none.
/// </summary>
public class MonitorStateMachine : MassTransitStateMachine<MonitorState>
{
    public MonitorStateMachine(TargetCatalog targets)
    {
        InstanceState(x => x.CurrentState);

        Event(() => Release, e => e.CorrelateById(m => m.Message.LaneId));
        Event(() => TargetChanging, e => OnLane(e, m => m.LaneId));
        Event(() => Sampled, e => OnLane(e, m => m.LaneId));
        Event(() => LaneGranted, e => OnLane(e, m => m.LaneId));
        Event(() => RollbackChecked, e => OnLane(e, m => m.LaneId));
        Event(() => FailedRelease, e => e.CorrelateById(m => m.Message.Release.LaneId));
        Event(() => JudgeStep, e => e.CorrelateById(m => m.Message.Release.LaneId));

        Schedule(() => Interval, x => x.IntervalToken, s => s.Received = r => r.CorrelateById(m => m.Message.LaneId));
        Schedule(() => Window, x => x.WindowToken, s => s.Received = r => r.CorrelateById(m => m.Message.LaneId));
        Schedule(() => RollbackCheck, x => x.RollbackCheckToken, s => s.Received = r => r.CorrelateById(m => m.Message.LaneId));
        Schedule(() => RollbackTimeout, x => x.RollbackTimeoutToken, s => s.Received = r => r.CorrelateById(m => m.Message.LaneId));

        // Stale results, intervals of an earlier watch, grants of other deploys: expected with at-least-once delivery.
        OnUnhandledEvent(x => x.Ignore());

        Initially(
            When(Release)
                .Watch(targets, Interval, Window)
                .TransitionTo(Monitoring),
            When(JudgeStep)
                .JudgeCanary(targets, Interval, Window)
                .TransitionTo(Monitoring),
            When(FailedRelease)
                .TakeOverRollback(targets)
                .Schedule(RollbackTimeout, x => new RollbackTimeoutExpired(x.Saga.CorrelationId), x => targets[x.Saga.Target].Timeouts.Rollback)
                .TransitionTo(RollingBack));

        During([Stable, Superseded, Degraded, RolledBack, RollbackUnverified, StepPassed, StepFailed],
            When(Release, x => !Watches(x.Saga, x.Message.DeployId, x.Message.Attempt))
                .Watch(targets, Interval, Window)
                .TransitionTo(Monitoring),
            When(JudgeStep, x => !Judges(x.Saga, x.Message))
                .JudgeCanary(targets, Interval, Window)
                .TransitionTo(Monitoring),
            When(FailedRelease, x => !Watches(x.Saga, x.Message.Release.DeployId, x.Message.Release.Attempt))
                .TakeOverRollback(targets)
                .Schedule(RollbackTimeout, x => new RollbackTimeoutExpired(x.Saga.CorrelationId), x => targets[x.Saga.Target].Timeouts.Rollback)
                .TransitionTo(RollingBack));

        During(Monitoring,
            When(Release, x => !Watches(x.Saga, x.Message.DeployId, x.Message.Attempt))
                .AnnounceSuperseded(x => $"deploy of PR #{x.Message.PrNumber} ({DeployStateMachine.Short(x.Message.MergeSha)}) succeeded")
                .Watch(targets, Interval, Window)
                .TransitionTo(Monitoring),
            When(JudgeStep, x => !IsOf(x.Saga, x.Message.Release.DeployId, x.Message.Release.Attempt))
                .AnnounceSuperseded(x => $"the lane's next deploy is rolling out ({DeployStateMachine.Short(x.Message.Release.MergeSha)})")
                .JudgeCanary(targets, Interval, Window)
                .TransitionTo(Monitoring),
            When(TargetChanging, x => !IsOf(x.Saga, x.Message.DeployId, x.Message.Attempt))
                .AnnounceSuperseded(x => $"the lane's next deploy is changing the target ({DeployStateMachine.Short(x.Message.MergeSha)})")
                .TransitionTo(Superseded),
            When(Interval!.Received)
                .SampleChecks()
                .ScheduleNextSample(targets, Interval),
            When(Sampled, x => x.Message.Watch == x.Saga.Watch && x.Message.Sample > x.Saga.LastJudgedSample)
                .Judge()
                .If(x => x.Saga.ConsecutiveInconclusive == targets[x.Saga.Target].Monitoring.InconclusiveLimit, b => b
                    .AnnounceInvestigation(x => $"Monitoring of {DeployStateMachine.Short(x.Saga.Release.MergeSha)} on {x.Saga.Target} had no data " +
                                                $"for {x.Saga.ConsecutiveInconclusive} intervals in a row: {MonitorMessages.Inconclusive(x.Message)}"))
                .If(x => x.Saga.ConsecutiveFailures >= targets[x.Saga.Target].Monitoring.FailureLimit, failed => failed
                    .Unschedule(Interval)
                    .Unschedule(Window)
                    .IfElse(x => x.Saga.Canary is not null,
                        canary => canary
                            .FailCanary(targets)
                            .TransitionTo(StepFailed),
                        release => release
                            .Degrade(targets)
                            .IfElse(x => RollsBack(targets, x.Saga),
                                rollback => rollback
                                    .QueueForRollback(_ => NewId.NextGuid(), x => $"{x.Saga.Repository}#{x.Saga.Release.PrNumber} degraded on " +
                                                                                 $"{x.Saga.Target} during monitoring: {MonitorMessages.Failures(x.Saga)}")
                                    .Schedule(RollbackTimeout, x => new RollbackTimeoutExpired(x.Saga.CorrelationId),
                                        x => targets[x.Saga.Target].Timeouts.Rollback)
                                    .TransitionTo(RollingBack),
                                stay => stay
                                    .If(x => targets[x.Saga.Target].RollbackOnCriticalFailure, b => b
                                        .AnnounceInvestigation(x => $"{x.Saga.Target} degraded and has no known good SHA to roll back to"))
                                    .TransitionTo(Degraded)))),
            When(Window!.Received, x => x.Saga.Canary is null)
                .AnnounceStable()
                .TransitionTo(Stable),
            When(Window.Received, x => x.Saga.Canary is not null)
                .PassCanary()
                .TransitionTo(StepPassed),
            When(FailedRelease, x => !Watches(x.Saga, x.Message.Release.DeployId, x.Message.Release.Attempt))
                .Unschedule(Interval)
                .Unschedule(Window)
                .AnnounceSuperseded(x => $"the lane's next deploy changed the target ({DeployStateMachine.Short(x.Message.Release.MergeSha)}) and failed")
                .TakeOverRollback(targets)
                .Schedule(RollbackTimeout, x => new RollbackTimeoutExpired(x.Saga.CorrelationId), x => targets[x.Saga.Target].Timeouts.Rollback)
                .TransitionTo(RollingBack));

        During(RollingBack,
            When(LaneGranted, x => x.Message.DeployId == x.Saga.CorrelationId && x.Message.Ticket == x.Saga.RollbackTicket)
                .StartRollback(targets)
                .VerifyRollback(targets)
                .Schedule(RollbackCheck, x => new RollbackCheckDue(x.Saga.CorrelationId), x => targets[x.Saga.Target].Monitoring.Interval)
                .TransitionTo(VerifyingRollback),
            When(TargetChanging, x => !IsOf(x.Saga, x.Message.DeployId, x.Message.Attempt))
                .ReleaseRollbackLane()
                .AnnounceSuperseded(x => $"the lane's next deploy replaces the release ({DeployStateMachine.Short(x.Message.MergeSha)}) " +
                                         "before its rollback could start")
                .TransitionTo(Superseded),
            When(FailedRelease, x => !Watches(x.Saga, x.Message.Release.DeployId, x.Message.Release.Attempt))
                .ReleaseRollbackLane()
                .AnnounceSuperseded(x => $"the lane's next deploy changed the target ({DeployStateMachine.Short(x.Message.Release.MergeSha)}) " +
                                         "before its rollback could start, and failed")
                .TakeOverRollback(targets)
                .Schedule(RollbackTimeout, x => new RollbackTimeoutExpired(x.Saga.CorrelationId), x => targets[x.Saga.Target].Timeouts.Rollback)
                .TransitionTo(RollingBack));

        During(VerifyingRollback,
            When(RollbackCheck!.Received)
                .VerifyRollback(targets)
                .Schedule(RollbackCheck, x => new RollbackCheckDue(x.Saga.CorrelationId), x => targets[x.Saga.Target].Monitoring.Interval),
            When(RollbackChecked, x => x.Message.Watch == x.Saga.Watch && !x.Message.Served && !x.Message.DeploymentFailed)
                .Then(x => x.Saga.Outcome = $"rolling back to {DeployStateMachine.Short(x.Saga.Release.PreviousGoodSha)}: {x.Message.Observed}"),
            When(RollbackChecked, x => x.Message.Watch == x.Saga.Watch && x.Message.DeploymentFailed)
                .AnnounceInvestigation(x => $"The rollback of {x.Saga.Target} to {DeployStateMachine.Short(x.Saga.Release.PreviousGoodSha)} failed: " +
                                            x.Message.Observed)
                .Then(x => x.Saga.Outcome = $"rollback to {DeployStateMachine.Short(x.Saga.Release.PreviousGoodSha)} failed")
                .ReleaseRollbackLane()
                .TransitionTo(RollbackUnverified),
            When(RollbackChecked, x => x.Message.Watch == x.Saga.Watch && x.Message.Served)
                .AnnounceRollbackVerified(x => x.Message.Observed)
                .ReleaseRollbackLane()
                .TransitionTo(RolledBack));

        During(RollingBack, VerifyingRollback,
            When(RollbackTimeout!.Received)
                .AnnounceInvestigation(x => $"{x.Saga.Target} did not serve {DeployStateMachine.Short(x.Saga.Release.PreviousGoodSha)} within its " +
                                            $"rollback timeout ({targets[x.Saga.Target].Timeouts.Rollback}) after " +
                                            $"{DeployStateMachine.Short(x.Saga.Release.MergeSha)} degraded" +
                                            (x.Saga.Outcome is { } last ? $"; last seen: {last}" : ""))
                .Then(x => x.Saga.Outcome = $"rollback to {DeployStateMachine.Short(x.Saga.Release.PreviousGoodSha)} not verified in time")
                .ReleaseRollbackLane()
                .TransitionTo(RollbackUnverified));

        // A grant of a ticket the monitor no longer holds (a probe of the lane, a late grant) goes straight back: with the
        // SHA rolled back to, if it is the rollback's ticket, as its release said.
        DuringAny(
            When(LaneGranted, x => x.Message.DeployId == x.Saga.CorrelationId && !HoldsLane(x.Saga, x.Message.Ticket))
                .Publish(x => new LaneReleased(x.Message.LaneId, x.Saga.CorrelationId, x.Message.Ticket,
                    x.Message.Ticket == x.Saga.RollbackTicket ? x.Saga.Release.PreviousGoodSha : null)));

        WhenEnter(Stable, b => EndWatch(b, targets));
        WhenEnter(Superseded, b => EndWatch(b, targets));
        WhenEnter(Degraded, b => EndWatch(b, targets));
        WhenEnter(RolledBack, b => EndWatch(b, targets));
        WhenEnter(RollbackUnverified, b => EndWatch(b, targets));
        WhenEnter(StepPassed, b => EndWatch(b, targets));
        WhenEnter(StepFailed, b => EndWatch(b, targets));
    }

    public State Monitoring { get; private set; } = null!;
    public State RollingBack { get; private set; } = null!;
    public State VerifyingRollback { get; private set; } = null!;
    public State Stable { get; private set; } = null!;
    public State Superseded { get; private set; } = null!;
    public State Degraded { get; private set; } = null!;
    public State RolledBack { get; private set; } = null!;
    public State RollbackUnverified { get; private set; } = null!;
    public State StepPassed { get; private set; } = null!;
    public State StepFailed { get; private set; } = null!;

    public Event<MonitorRelease> Release { get; private set; } = null!;
    public Event<LaneTargetChanging> TargetChanging { get; private set; } = null!;
    public Event<MonitoringSampled> Sampled { get; private set; } = null!;
    public Event<LaneGranted> LaneGranted { get; private set; } = null!;
    public Event<RollbackChecked> RollbackChecked { get; private set; } = null!;
    public Event<RollBackRelease> FailedRelease { get; private set; } = null!;
    public Event<JudgeCanaryStep> JudgeStep { get; private set; } = null!;

    public Schedule<MonitorState, MonitoringIntervalDue> Interval { get; private set; } = null!;
    public Schedule<MonitorState, MonitoringWindowEnded> Window { get; private set; } = null!;
    public Schedule<MonitorState, RollbackCheckDue> RollbackCheck { get; private set; } = null!;
    public Schedule<MonitorState, RollbackTimeoutExpired> RollbackTimeout { get; private set; } = null!;

    /// <summary>Whether the monitor's release is of that deploy's attempt, watched after its deploy or judged as a rollout step.</summary>
    static bool IsOf(MonitorState monitor, Guid deployId, int attempt) =>
        monitor.Release.DeployId == deployId && monitor.Release.Attempt == attempt;

    /// <summary>Whether the monitor watches (or watched) that deploy's attempt after the deploy: a rollout step's watch does not count.</summary>
    static bool Watches(MonitorState monitor, Guid deployId, int attempt) => IsOf(monitor, deployId, attempt) && monitor.Canary is null;

    static bool Judges(MonitorState monitor, JudgeCanaryStep step) =>
        IsOf(monitor, step.Release.DeployId, step.Release.Attempt) && monitor.Canary?.Number == step.Step.Number;

    static bool RollsBack(TargetCatalog targets, MonitorState monitor) =>
        targets[monitor.Target].RollbackOnCriticalFailure
        && monitor.Release.PreviousGoodSha is { } good && good != monitor.Release.MergeSha;

    bool HoldsLane(MonitorState monitor, Guid ticket) =>
        ticket == monitor.RollbackTicket && (monitor.CurrentState == RollingBack.Name || monitor.CurrentState == VerifyingRollback.Name);

    EventActivityBinder<MonitorState> EndWatch(EventActivityBinder<MonitorState> binder, TargetCatalog targets) => binder
        .Then(x => x.Saga.EndedAt = targets.Now)
        .Unschedule(Interval)
        .Unschedule(Window)
        .Unschedule(RollbackCheck)
        .Unschedule(RollbackTimeout);

    /// <summary>A message about the lane; a lane whose monitor never started has nothing to do with it.</summary>
    static void OnLane<T>(IEventCorrelationConfigurator<MonitorState, T> e, Func<T, Guid> laneId) where T : class
    {
        e.CorrelateById(m => laneId(m.Message));
        e.OnMissingInstance(m => m.Discard());
    }
}
