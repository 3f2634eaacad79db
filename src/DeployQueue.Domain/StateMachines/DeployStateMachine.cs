using DeployQueue.Contracts;
using DeployQueue.Domain.Configuration;
using DeployQueue.Domain.Policies;
using MassTransit;

namespace DeployQueue.Domain.StateMachines;

/// <summary>
/// One deploy of a PR to a target (DESIGN.md §2–§5). The table of transitions:
///
///   Initial, Succeeded, Failed + DeployAccepted → announce Started, queue for the lane   → Claimed
///   Claimed       + LaneGranted           → (first: merge deadline, timeout) MergePullRequest → Merging
///   Merging       + PullRequestMerged     → announce Merged, LaneTargetChanging (the lane's monitor: superseded),
///                                           WatchDeployment (+ re-check)                   → Deploying
///   Merging       + MergeBlocked (approval missing, checks pending)
///                                         → give the lane back, re-check later            → AwaitingGate
///   Merging       + MergeBlocked (conflict, checks failing) → fix task                    → Failed
///   Merging       + MergeBlocked (not mergeable), MergeFailed → ManualMergeNeeded         → Failed
///   Merging       + MergeBlocked (closed without merge: a webhook or a re-check found it) → announced Failed, closed → Failed
///   Merging       + MergeBlocked (deadline passed: the consumer's clock ran ahead)       → Failed
///   Merging       + MergeBlocked (not promotable: not the SHA that passed the prerequisite target, or older than the
///                   target's current one) → InvestigationNeeded naming both SHAs, nothing deployed, no fix task, no rollback → Failed
///   AwaitingGate  + GateRecheckDue, DeployLookNow (a webhook: review, check, status, PR pushed/closed/retargeted)
///                                         → queue for the lane again                      → Claimed
///   Claimed       + LaneRecheckDue        → queue again with the same ticket (+ re-check): heals a lost
///                                           LaneRequested or LaneGranted; the lane probes a holder whose release was lost
///   Claimed, AwaitingGate + MergeTimeoutExpired                                           → Failed
///   Merging       + MergeTimeoutExpired   → keep the lane until the outstanding merge reports,
///                                           at the latest until MergeGraceExpired         → Failed
///   Deploying     + DeploymentProgressed  → note the stage (and look again, if a webhook's hint came while it was outstanding)
///   Deploying     + DeploymentRecheckDue  → WatchDeployment (+ re-check)
///   Deploying     + DeployLookNow (a webhook: workflow run completed, deployment status) → WatchDeployment, or, while
///                   a look is outstanding, once more if that look answers DeploymentProgressed
///   Deploying     + DeploymentSucceeded (a rollout step before the last: Targets:<t>:Rollout) → announce Deployed ("canary
///                   10 % (step 1 of 3)"), JudgeCanaryStep (the lane's monitor judges it for its pause), keeping the lane
///   Deploying     + CanaryStepPassed      → the next step's GitHub Deployment, watched as above (+ re-check)
///   Deploying     + CanaryStepFailed (the monitor requested the fix tasks) → abort: the release and the lane to the lane's
///                   monitor (RollBackRelease), which deploys the stable SHA with weight 0 for the release and verifies it → Failed
///   Deploying     + DeploymentSucceeded (no rollout, or its last step) → announce Deployed, smoke deadline, RunSmokeTests → Smoke
///   Deploying     + DeploymentFailed      → a fix task per problem (+ rollback, if the target changed)     → Failed
///                   rollback: on a target that rolls back (or rolls out: the rollout is aborted), with a good SHA known, the release and the lane go to the
///                   lane's monitor (RollBackRelease), which rolls back and verifies (MonitorStateMachine); no good SHA:
///                   InvestigationNeeded
///   Deploying     + DeployTimeoutExpired  → InvestigationNeeded                          → Failed
///   Smoke         + SmokeTestsPending (target not serving the merge SHA healthily yet, before the smoke deadline)
///                                         → re-check later, each wait longer, the last at the deadline
///   Smoke         + SmokeRecheckDue       → RunSmokeTests
///   Smoke         + SmokeTestsPassed      → E2ERequested, WorkspaceDestroyRequested,
///                                           MonitorRelease (a target with a monitoring window: MonitorStateMachine) → Succeeded
///   Smoke         + SmokeTestsFailed (an API check, or not ready at the deadline) → a fix task per problem (+ rollback, as above)
///                                                                                                  → Failed
///   Smoke         + SmokeTimeoutExpired (after the deadline: no run reported) → InvestigationNeeded → Failed
///   Failed        + PullRequestMerged (late, after the merge timeout) → InvestigationNeeded, give a kept lane back
///   Failed        + MergeBlocked, MergeFailed, MergeGraceExpired → give a kept lane back
///   any           + LaneGranted (a ticket it no longer uses, or a probe of a lane it no longer needs: finished, or
///                   kept past the merge grace) → LaneReleased (with the merged SHA, from Succeeded)
///
/// In flight, a duplicate DeployAccepted is ignored; after a final state, one of a new request (another RequestId) starts the next attempt (with the lane's
/// ticket, if the last attempt still keeps its lane for a merge that may land). Every result
/// (merge, deployment, smoke) names the attempt of its command; one of an earlier attempt is ignored; so is a deployment's
/// or a canary verdict's of another rollout step than the one under way (Attempt.Canary, persisted: a restarted instance
/// resumes the rollout at its step, and the step's Deployment is created once).
/// Side effects (GitHub, HTTP) happen in consumers; this machine only decides and publishes. Re-checks wait the poll
/// interval of <see cref="PollIntervalPolicy"/>: long while webhooks arrive (DeployLookNow), short when they do not.
/// </summary>
public class DeployStateMachine : MassTransitStateMachine<DeployState>
{
    public DeployStateMachine(TargetCatalog targets, PollIntervalPolicy poll)
    {
        InstanceState(x => x.CurrentState);

        Event(() => Accepted, e => e.CorrelateById(m => m.Message.DeployId));
        Event(() => LaneGranted, e =>
        {
            e.CorrelateById(m => m.Message.DeployId);
            // The lane's monitor holds the lane for a rollback under its own id: that grant is no deploy's.
            e.OnMissingInstance(m => m.Discard());
        });
        Event(() => Merged, e => e.CorrelateById(m => m.Message.DeployId));
        Event(() => MergeBlocked, e => e.CorrelateById(m => m.Message.DeployId));
        Event(() => MergeFailed, e => e.CorrelateById(m => m.Message.DeployId));
        Event(() => DeploymentProgressed, e => e.CorrelateById(m => m.Message.DeployId));
        Event(() => DeploymentSucceeded, e => e.CorrelateById(m => m.Message.DeployId));
        Event(() => DeploymentFailed, e => e.CorrelateById(m => m.Message.DeployId));
        Event(() => SmokePassed, e => e.CorrelateById(m => m.Message.DeployId));
        Event(() => SmokePending, e => e.CorrelateById(m => m.Message.DeployId));
        Event(() => SmokeFailed, e => e.CorrelateById(m => m.Message.DeployId));
        Event(() => CanaryPassed, e => e.CorrelateById(m => m.Message.DeployId));
        Event(() => CanaryFailed, e => e.CorrelateById(m => m.Message.DeployId));
        // A hint from a webhook, sent to every deploy it may concern: one that has gone since is no error.
        Event(() => LookNow, e =>
        {
            e.CorrelateById(m => m.Message.DeployId);
            e.OnMissingInstance(m => m.Discard());
        });

        Schedule(() => MergeTimeout, x => x.MergeTimeoutToken, Correlated<MergeTimeoutExpired>(m => m.DeployId));
        Schedule(() => MergeGrace, x => x.MergeGraceToken, Correlated<MergeGraceExpired>(m => m.DeployId));
        Schedule(() => DeployTimeout, x => x.DeployTimeoutToken, Correlated<DeployTimeoutExpired>(m => m.DeployId));
        Schedule(() => SmokeTimeout, x => x.SmokeTimeoutToken, Correlated<SmokeTimeoutExpired>(m => m.DeployId));
        Schedule(() => GateRecheck, x => x.GateRecheckToken, Correlated<GateRecheckDue>(m => m.DeployId));
        Schedule(() => DeploymentRecheck, x => x.DeploymentRecheckToken, Correlated<DeploymentRecheckDue>(m => m.DeployId));
        Schedule(() => LaneRecheck, x => x.LaneRecheckToken, Correlated<LaneRecheckDue>(m => m.DeployId));
        Schedule(() => SmokeRecheck, x => x.SmokeRecheckToken, Correlated<SmokeRecheckDue>(m => m.DeployId));

        // Late results of an earlier state or attempt are expected with at-least-once delivery: drop them. A result
        // repeats the attempt of the command it answers, and is handled only when that attempt is the current one
        // (a result of attempt n arriving while attempt n+1 is in the same state must not decide attempt n+1).
        OnUnhandledEvent(x => x.Ignore());

        // Why, as far as it is known: what it waits for, or (back from the gate, merging again when the time ran out)
        // that it was announced as needing approval.
        string NotReadyToMerge(DeployState deploy) =>
            $"PR #{deploy.PrNumber} was not ready to merge within {targets[deploy.Target].Timeouts.Merge}" +
            ((deploy.Attempt.WaitingFor ?? (deploy.Attempt.ApprovalAnnounced ? "approval missing" : null)) is { } why ? $" ({why})" : "");

        // A failed deploy keeps its lane while its merge may land: until the grace after the merge deadline ends, even if
        // the grace's own timer never arrives (lost to an error queue while the database was down), so that a probe frees it.
        bool UsesLane(DeployState deploy) =>
            deploy.CurrentState is nameof(Claimed) or nameof(Merging) or nameof(Deploying) or nameof(Smoke)
            || targets.Now < deploy.LaneKeptUntil;

        Initially(
            When(Accepted)
                .StartAttempt()
                .RequestLane()
                .TransitionTo(Claimed));

        During(Succeeded, Failed,
            When(Accepted, x => x.Message.RequestId != x.Saga.Attempt.RequestId)
                .StartAttempt()
                .QueueForLane(MergeGrace)
                .TransitionTo(Claimed));

        // The merge timeout failed the attempt while its merge was outstanding: the lane stays with it until that merge
        // reports, at the latest until the grace after the deadline ends, so that no other PR deploys while it may land.
        // A merge that completed changed the target's branch with nobody watching the deployment it starts: say so, loudly.
        During(Failed,
            WhenCurrent(Merged, x => x.Saga.Attempt.MergeSha is null)
                .Then(x => x.Saga.Attempt.MergeSha = x.Message.MergeSha)
                .AnnounceInvestigation(x => $"PR #{x.Saga.PrNumber} was merged as {Short(x.Message.MergeSha)} after its deploy to " +
                                            $"{x.Saga.Target} had failed ({x.Saga.Attempt.Outcome}); the deployment it starts is not watched")
                .ReleaseKeptLane(MergeGrace),
            WhenCurrent(MergeBlocked)
                .ReleaseKeptLane(MergeGrace),
            WhenCurrent(MergeFailed)
                .ReleaseKeptLane(MergeGrace),
            When(MergeGrace!.Received)
                .ReleaseKeptLane(MergeGrace));

        // Lane messages that ran out of retries (database down, heavy contention) sit in an error queue: while it waits,
        // the deploy asks again now and then, less often the longer it waits, so that neither it nor the lane waits
        // forever. (No failure timeout here: waiting for a busy lane is not the PR's fault.)
        WhenEnter(Claimed, x => x
            .Schedule(LaneRecheck, c => new LaneRecheckDue(c.Saga.CorrelationId), c => targets.LaneRecheckAfter(c.Saga.LaneQueuedAt)));
        WhenLeave(Claimed, x => x
            .Unschedule(LaneRecheck));

        During(Claimed,
            When(LaneRecheck!.Received)
                .RequestLaneAgain()
                .Schedule(LaneRecheck, x => new LaneRecheckDue(x.Saga.CorrelationId), x => targets.LaneRecheckAfter(x.Saga.LaneQueuedAt)),
            When(LaneGranted, x => x.Message.Ticket == x.Saga.LaneTicket)
                .Then(x => x.Saga.Attempt.LastKnownGoodSha = x.Message.LastKnownGoodSha)
                .Then(x => x.Saga.Attempt.MergeDeadline ??= targets.Now + targets[x.Saga.Target].Timeouts.Merge)
                // Once per attempt: a deploy back from the gate keeps the timeout of its first grant.
                .If(x => x.Saga.MergeTimeoutToken is null, b => b
                    .Schedule(MergeTimeout, x => new MergeTimeoutExpired(x.Saga.CorrelationId),
                        x => targets.Until(x.Saga.Attempt.MergeDeadline!.Value)))
                .RequestMerge()
                .TransitionTo(Merging));

        During(Merging,
            WhenCurrent(Merged)
                .Unschedule(MergeTimeout)
                .Then(x =>
                {
                    x.Saga.Attempt.HeadSha = x.Message.HeadSha;
                    x.Saga.Attempt.MergeSha = x.Message.MergeSha;
                    x.Saga.Attempt.Stage = DeployStage.Build;
                    x.Saga.Attempt.Canary = RolloutPlan.First(targets[x.Saga.Target], x.Saga.Attempt.LastKnownGoodSha);
                    x.Saga.Attempt.WaitingFor = x.Saga.Attempt.Canary is { } step ? $"{step}: deploying" : null;
                })
                .AnnounceMerged()
                .Publish(x => new LaneTargetChanging(x.Saga.LaneId, x.Saga.CorrelationId, x.Saga.Attempt.Number, x.Message.MergeSha))
                .Schedule(DeployTimeout, x => new DeployTimeoutExpired(x.Saga.CorrelationId),
                    x => targets[x.Saga.Target].Timeouts.Deploy)
                .WatchDeployment()
                .Schedule(DeploymentRecheck, x => new DeploymentRecheckDue(x.Saga.CorrelationId), _ => poll.Next)
                .TransitionTo(Deploying),
            WhenCurrent(MergeBlocked, x => x.Message.Reason is MergeBlockReason.ApprovalMissing or MergeBlockReason.ChecksPending)
                .Then(x =>
                {
                    x.Saga.Attempt.WaitingFor = x.Message.Detail;
                    x.Saga.Attempt.GateBlockedBy = x.Message.Reason;
                    // The head it waits on: a webhook about a check or status names only the SHA.
                    x.Saga.Attempt.HeadSha = x.Message.HeadSha;
                })
                .ReleaseLane()
                .AnnounceApprovalNeeded()
                .Schedule(GateRecheck, x => new GateRecheckDue(x.Saga.CorrelationId), _ => poll.Next)
                .TransitionTo(AwaitingGate),
            WhenCurrent(MergeBlocked, x => x.Message.Reason is MergeBlockReason.Conflict or MergeBlockReason.ChecksFailing)
                .PublishFixTasks(x => DeployMessages.ProblemsOf(x.Message, x.Saga), targets)
                .Fail(x => $"Merge blocked: {x.Message.Detail}")
                .TransitionTo(Failed),
            // Closed by its author or a reviewer: a decision, not a problem; nothing to fix and nothing to merge by hand.
            WhenCurrent(MergeBlocked, x => x.Message.Reason is MergeBlockReason.Closed)
                .Fail(x => $"PR #{x.Saga.PrNumber} was closed without being merged ({x.Message.Detail})")
                .TransitionTo(Failed),
            WhenCurrent(MergeBlocked, x => x.Message.Reason is MergeBlockReason.NotMergeable)
                .AnnounceManualMerge(x => x.Message.Detail)
                .Fail(x => $"Not mergeable: {x.Message.Detail}")
                .TransitionTo(Failed),
            // Nothing to fix in the PR and nothing to merge by hand (it is merged): a person looks at what the target runs and
            // what should run there, so InvestigationNeeded rather than ManualMergeNeeded.
            WhenCurrent(MergeBlocked, x => x.Message.Reason is MergeBlockReason.NotPromotable)
                .AnnounceInvestigation(x => $"PR #{x.Saga.PrNumber} not promoted to {x.Saga.Target}: {x.Message.Detail}")
                .Fail(x => $"Not promotable: {x.Message.Detail}")
                .TransitionTo(Failed),
            WhenCurrent(MergeBlocked, x => x.Message.Reason is MergeBlockReason.DeadlinePassed)
                .Fail(x => NotReadyToMerge(x.Saga))
                .TransitionTo(Failed),
            WhenCurrent(MergeFailed)
                .AnnounceManualMerge(x => x.Message.StatusCode is { } status ? $"GitHub refused the merge ({status}): {x.Message.Message}" : x.Message.Message)
                .Fail(x => $"GitHub refused the merge: {x.Message.Message}")
                .TransitionTo(Failed));

        During(AwaitingGate,
            When(GateRecheck!.Received)
                .RequestLane()
                .TransitionTo(Claimed),
            When(LookNow)
                .Unschedule(GateRecheck)
                .RequestLane()
                .TransitionTo(Claimed));

        During(Claimed, AwaitingGate,
            When(MergeTimeout!.Received)
                .Fail(x => NotReadyToMerge(x.Saga))
                .TransitionTo(Failed));

        // The merge command is outstanding (GitHub slow, or the command still queued): its merge may yet land.
        During(Merging,
            When(MergeTimeout.Received)
                .FailKeepingLane(x => NotReadyToMerge(x.Saga))
                .KeepLaneForLateMerge(MergeGrace, targets)
                .TransitionTo(Failed));

        During(Deploying,
            WhenCurrent(DeploymentProgressed)
                .Then(x =>
                {
                    x.Saga.Attempt.Stage = x.Message.Stage ?? x.Saga.Attempt.Stage;
                    x.Saga.Attempt.RunUrl = x.Message.RunUrl ?? x.Saga.Attempt.RunUrl;
                    x.Saga.Attempt.LookOutstanding = false;
                })
                .If(x => x.Saga.Attempt.LookAgainWhenAnswered, again => again
                    .Then(x => x.Saga.Attempt.LookAgainWhenAnswered = false)
                    .WatchDeployment()),
            // The next look is scheduled with each look, not on its answer: a look that faults (GitHub unavailable
            // past the consumer's retries) must not end the watch.
            When(DeploymentRecheck!.Received)
                .WatchDeployment()
                .Schedule(DeploymentRecheck, x => new DeploymentRecheckDue(x.Saga.CorrelationId), _ => poll.Next),
            // A look already on its way reads GitHub after the change, or answers "still running" and is followed by
            // one more: either way a hint spends no extra call on a deployment whose end that look will see.
            When(LookNow)
                .IfElse(x => x.Saga.Attempt.LookOutstanding,
                    outstanding => outstanding.Then(x => x.Saga.Attempt.LookAgainWhenAnswered = true),
                    idle => idle.WatchDeployment()),
            // A rollout step before the last: judged for its pause by the lane's monitor (the deploy keeps its lane meanwhile).
            WhenCurrentStep(DeploymentSucceeded, x => RolloutPlan.IsJudged(x.Saga.Attempt.Canary) && !x.Saga.Attempt.CanaryJudged)
                .Unschedule(DeploymentRecheck)
                .Then(x => x.Saga.Attempt.RunUrl = x.Message.RunUrl ?? x.Saga.Attempt.RunUrl)
                .JudgeCanaryStep(targets)
                // The safety net, should no verdict come: the pause, and a deploy timeout for the monitor to answer.
                .Schedule(DeployTimeout, x => new DeployTimeoutExpired(x.Saga.CorrelationId),
                    x => RolloutPlan.Pause(targets[x.Saga.Target], x.Saga.Attempt.Canary!) + targets[x.Saga.Target].Timeouts.Deploy),
            WhenCurrentStep(CanaryPassed, x => x.Saga.Attempt.CanaryJudged)
                .Schedule(DeployTimeout, x => new DeployTimeoutExpired(x.Saga.CorrelationId), x => targets[x.Saga.Target].Timeouts.Deploy)
                .NextCanaryStep(targets)
                .Schedule(DeploymentRecheck, x => new DeploymentRecheckDue(x.Saga.CorrelationId), _ => poll.Next),
            // The monitor requested the fix tasks with the failing samples: the rollout is aborted back to the stable SHA.
            WhenCurrentStep(CanaryFailed, x => x.Saga.Attempt.CanaryJudged)
                .Unschedule(DeployTimeout)
                .Then(x => x.Saga.Attempt.FixTasks.AddRange(x.Message.FixTasks.Select(RequestedFixTask.Of)))
                .FailRollingBack(targets, _ => true, x => $"{x.Saga.Attempt.Canary} failed its monitoring checks: {x.Message.Failures}")
                .TransitionTo(Failed),
            WhenCurrentStep(DeploymentSucceeded, x => !RolloutPlan.IsJudged(x.Saga.Attempt.Canary))
                .Unschedule(DeployTimeout)
                .Unschedule(DeploymentRecheck)
                .Then(x =>
                {
                    x.Saga.Attempt.RunUrl = x.Message.RunUrl ?? x.Saga.Attempt.RunUrl;
                    x.Saga.Attempt.Stage = DeployStage.Smoke;
                    x.Saga.Attempt.WaitingFor = null;
                })
                .AnnounceDeployed()
                .Then(x => x.Saga.Attempt.SmokeDeadline = targets.Now + targets[x.Saga.Target].Timeouts.Smoke)
                // The safety net, for runs that never report: after the deadline, when the last run, due at it, has reported.
                .Schedule(SmokeTimeout, x => new SmokeTimeoutExpired(x.Saga.CorrelationId),
                    x => targets.Until(x.Saga.Attempt.SmokeDeadline!.Value + targets.LongestSmokeRecheck))
                .RunSmokeTests()
                .TransitionTo(Smoke),
            WhenCurrentStep(DeploymentFailed, x => !x.Saga.Attempt.CanaryJudged)
                .Then(x => x.Saga.Attempt.RunUrl = x.Message.RunUrl ?? x.Saga.Attempt.RunUrl)
                .PublishFixTasks(x => x.Message.Problems, targets)
                .FailRollingBack(targets, x => x.Message.TargetChanged,
                    x => $"The deployment{(x.Saga.Attempt.Canary is { } step ? $" of {step}" : "")} failed ({x.Message.Problems.Count} problem(s))")
                .TransitionTo(Failed),
            When(DeployTimeout!.Received)
                .AnnounceInvestigation(x => $"The deployment of {Short(x.Saga.Attempt.MergeSha)} to {x.Saga.Target} did not finish within " +
                                            $"{targets[x.Saga.Target].Timeouts.Deploy} (last stage: {x.Saga.Attempt.Stage})")
                .Fail("The deployment timed out")
                .TransitionTo(Failed));

        During(Smoke,
            // A rollout still under way: the consumer decides at the deadline it was sent, the saga only spaces the runs.
            WhenCurrent(SmokePending)
                .Then(x => x.Saga.Attempt.WaitingFor = $"target not ready: {x.Message.NotReady}")
                .Schedule(SmokeRecheck, x => new SmokeRecheckDue(x.Saga.CorrelationId),
                    x => targets.Until(targets.SmokeRecheckDue(x.Saga.Attempt.SmokeRechecks++, x.Saga.Attempt.SmokeDeadline!.Value))),
            When(SmokeRecheck!.Received)
                .RunSmokeTests(),
            WhenCurrent(SmokePassed)
                .Unschedule(SmokeTimeout)
                .Succeed(targets)
                .TransitionTo(Succeeded),
            WhenCurrent(SmokeFailed)
                .Unschedule(SmokeTimeout)
                .PublishFixTasks(x => x.Message.Problems, targets)
                .FailRollingBack(targets, _ => true, x => $"Smoke tests failed ({x.Message.Problems.Count} problem(s))")
                .TransitionTo(Failed),
            When(SmokeTimeout!.Received)
                .AnnounceInvestigation(x => $"The smoke tests of {x.Saga.Target} did not report within {targets[x.Saga.Target].Timeouts.Smoke}")
                .Fail("The smoke tests timed out")
                .TransitionTo(Failed));

        // A lane granted to a ticket the deploy no longer waits on goes straight back; so does the lane's probe of a
        // deploy that finished while its release was lost (with the SHA it succeeded with, as its release said). A
        // repeated grant of the ticket it holds, while Merging, Deploying, in Smoke or keeping the lane for a late
        // merge, changes nothing.
        DuringAny(
            When(LaneGranted, x => x.Message.Ticket != x.Saga.LaneTicket || !UsesLane(x.Saga))
                .If(x => x.Message.Ticket == x.Saga.LaneTicket, own => own.StopKeepingLane(MergeGrace))
                .Publish(x => new LaneReleased(x.Message.LaneId, x.Saga.CorrelationId, x.Message.Ticket,
                    x.Message.Ticket == x.Saga.LaneTicket && x.Saga.CurrentState == nameof(Succeeded) ? x.Saga.Attempt.MergeSha : null)));

        WhenEnter(Succeeded, CancelTimers);
        WhenEnter(Failed, CancelTimers);
    }

    public State Claimed { get; private set; } = null!;
    public State Merging { get; private set; } = null!;
    public State AwaitingGate { get; private set; } = null!;
    public State Deploying { get; private set; } = null!;
    public State Smoke { get; private set; } = null!;
    public State Succeeded { get; private set; } = null!;
    public State Failed { get; private set; } = null!;

    public Event<DeployAccepted> Accepted { get; private set; } = null!;
    public Event<LaneGranted> LaneGranted { get; private set; } = null!;
    public Event<PullRequestMerged> Merged { get; private set; } = null!;
    public Event<MergeBlocked> MergeBlocked { get; private set; } = null!;
    public Event<MergeFailed> MergeFailed { get; private set; } = null!;
    public Event<DeploymentProgressed> DeploymentProgressed { get; private set; } = null!;
    public Event<DeploymentSucceeded> DeploymentSucceeded { get; private set; } = null!;
    public Event<DeploymentFailed> DeploymentFailed { get; private set; } = null!;
    public Event<SmokeTestsPassed> SmokePassed { get; private set; } = null!;
    public Event<SmokeTestsPending> SmokePending { get; private set; } = null!;
    public Event<SmokeTestsFailed> SmokeFailed { get; private set; } = null!;
    public Event<DeployLookNow> LookNow { get; private set; } = null!;
    public Event<CanaryStepPassed> CanaryPassed { get; private set; } = null!;
    public Event<CanaryStepFailed> CanaryFailed { get; private set; } = null!;

    public Schedule<DeployState, MergeTimeoutExpired> MergeTimeout { get; private set; } = null!;
    public Schedule<DeployState, MergeGraceExpired> MergeGrace { get; private set; } = null!;
    public Schedule<DeployState, DeployTimeoutExpired> DeployTimeout { get; private set; } = null!;
    public Schedule<DeployState, SmokeTimeoutExpired> SmokeTimeout { get; private set; } = null!;
    public Schedule<DeployState, GateRecheckDue> GateRecheck { get; private set; } = null!;
    public Schedule<DeployState, DeploymentRecheckDue> DeploymentRecheck { get; private set; } = null!;
    public Schedule<DeployState, LaneRecheckDue> LaneRecheck { get; private set; } = null!;
    public Schedule<DeployState, SmokeRecheckDue> SmokeRecheck { get; private set; } = null!;

    EventActivityBinder<DeployState> CancelTimers(EventActivityBinder<DeployState> binder) => binder
        .Unschedule(MergeTimeout)
        .Unschedule(DeployTimeout)
        .Unschedule(SmokeTimeout)
        .Unschedule(SmokeRecheck)
        .Unschedule(GateRecheck)
        .Unschedule(DeploymentRecheck);

    /// <summary>
    /// A result of the current attempt (it names the attempt of the command it answers), and, if given, one that
    /// <paramref name="matches"/>: a result of an earlier attempt is left to <c>OnUnhandledEvent</c>, which ignores it.
    /// </summary>
    EventActivityBinder<DeployState, T> WhenCurrent<T>(Event<T> result, Func<BehaviorContext<DeployState, T>, bool>? matches = null)
        where T : class, IAttemptResult =>
        When(result, x => x.Message.Attempt == x.Saga.Attempt.Number && (matches is null || matches(x)));

    /// <summary>A result of the current attempt about its current rollout step (0 on a target without a rollout), and one that
    /// <paramref name="matches"/>: a late result of an earlier step never decides the step under way.</summary>
    EventActivityBinder<DeployState, T> WhenCurrentStep<T>(Event<T> result, Func<BehaviorContext<DeployState, T>, bool> matches)
        where T : class, IAttemptResult, IStepResult =>
        WhenCurrent(result, x => x.Message.Step == (x.Saga.Attempt.Canary?.Number ?? 0) && matches(x));

    static Action<IScheduleConfigurator<DeployState, T>> Correlated<T>(Func<T, Guid> id) where T : class =>
        s => s.Received = r => r.CorrelateById(m => id(m.Message));

    public static string Short(string? sha) => sha is { Length: > 7 } ? sha[..7] : sha ?? "(none)";
}
