using DeployQueue.Contracts;
using DeployQueue.Domain.Configuration;
using DeployQueue.Domain.Policies;
using MassTransit;

namespace DeployQueue.Domain.StateMachines;

/// <summary>The named steps of the deploy state machine, as extensions of its activity binders, so that its transitions read as a table.</summary>
static class DeployBinderExtensions
{
    /// <summary>The request starts the next attempt, replacing the last one as a whole.</summary>
    public static EventActivityBinder<DeployState, DeployAccepted> StartAttempt(this EventActivityBinder<DeployState, DeployAccepted> binder) => binder
        .Then(x =>
        {
            var deploy = x.Saga;
            var request = x.Message.Request;
            if (deploy.Attempt.Number > 0)
                deploy.PastAttempts.Add(deploy.Attempt.Record(deploy.CurrentState));
            deploy.Attempt = DeployAttempt.Start(deploy.Attempt.Number + 1, x.Message, DateTimeOffset.UtcNow);
            deploy.Repository = request.Repository;
            deploy.PrNumber = request.PrNumber;
            deploy.Target = request.Target;
            deploy.LaneId = DeployIdentity.LaneId(request.Repository, request.Target);
        })
        .Publish(x => DeployMessages.Announcement(x.Saga, AnnouncementKind.Started,
            $"Deploy of {x.Saga.Repository}#{x.Saga.PrNumber} to {x.Saga.Target} claimed (attempt {x.Saga.Attempt.Number}, priority {x.Saga.Attempt.Priority})",
            DateTimeOffset.UtcNow));

    /// <summary>
    /// Queue the new attempt for the lane: with a fresh ticket, or with the ticket of the lane the last attempt still
    /// keeps for its merge (so no other PR takes the lane while that merge may land).
    /// </summary>
    public static EventActivityBinder<DeployState, T> QueueForLane<T>(this EventActivityBinder<DeployState, T> binder,
        Schedule<DeployState, MergeGraceExpired> mergeGrace) where T : class => binder
        .IfElse(x => x.Saga.LaneKeptUntil is not null,
            kept => kept.StopKeepingLane(mergeGrace).RequestLaneAgain(),
            fresh => fresh.RequestLane());

    /// <summary>A failed deploy whose merge is outstanding keeps its lane until the merge grace after its merge deadline.</summary>
    public static EventActivityBinder<DeployState, T> KeepLaneForLateMerge<T>(this EventActivityBinder<DeployState, T> binder,
        Schedule<DeployState, MergeGraceExpired> mergeGrace, TargetCatalog targets) where T : class => binder
        .Then(x => x.Saga.LaneKeptUntil = x.Saga.Attempt.MergeDeadline!.Value + targets.MergeGrace)
        .Schedule(mergeGrace, x => new MergeGraceExpired(x.Saga.CorrelationId), x => targets.Until(x.Saga.LaneKeptUntil!.Value));

    public static EventActivityBinder<DeployState, T> StopKeepingLane<T>(this EventActivityBinder<DeployState, T> binder,
        Schedule<DeployState, MergeGraceExpired> mergeGrace) where T : class => binder
        .Unschedule(mergeGrace)
        .Then(x => x.Saga.LaneKeptUntil = null);

    /// <summary>Queue for the lane with a fresh ticket.</summary>
    public static EventActivityBinder<DeployState, T> RequestLane<T>(this EventActivityBinder<DeployState, T> binder) where T : class => binder
        .Then(x =>
        {
            x.Saga.LaneTicket = NewId.NextGuid();
            x.Saga.LaneQueuedAt = DateTimeOffset.UtcNow;
        })
        .RequestLaneAgain();

    /// <summary>Queue for the lane with the current ticket: the lane knows it, or learns it with its place kept.</summary>
    public static EventActivityBinder<DeployState, T> RequestLaneAgain<T>(this EventActivityBinder<DeployState, T> binder) where T : class => binder
        // Back from a blocked gate, what it waits for is still the gate's reason.
        .Then(x => x.Saga.Attempt.WaitingFor ??= "lane")
        .Publish(x => new LaneRequested(x.Saga.LaneId, x.Saga.Repository, x.Saga.Target, x.Saga.CorrelationId,
            x.Saga.LaneTicket!.Value, x.Saga.Attempt.Priority, x.Saga.LaneQueuedAt ?? DateTimeOffset.UtcNow));

    /// <summary>Gives back the lane that a failed deploy kept for its outstanding merge, if it kept one.</summary>
    public static EventActivityBinder<DeployState, T> ReleaseKeptLane<T>(this EventActivityBinder<DeployState, T> binder,
        Schedule<DeployState, MergeGraceExpired> mergeGrace) where T : class => binder
        .If(x => x.Saga.LaneKeptUntil is not null, kept => kept
            .StopKeepingLane(mergeGrace)
            .ReleaseLane());

    public static EventActivityBinder<DeployState, T> ReleaseLane<T>(this EventActivityBinder<DeployState, T> binder,
        Func<BehaviorContext<DeployState, T>, string?>? succeededSha = null) where T : class => binder
        .If(x => x.Saga.LaneTicket is not null, b => b
            .Publish(x => new LaneReleased(x.Saga.LaneId, x.Saga.CorrelationId, x.Saga.LaneTicket!.Value, succeededSha?.Invoke(x))));

    public static EventActivityBinder<DeployState, T> RequestMerge<T>(this EventActivityBinder<DeployState, T> binder) where T : class => binder
        .Then(x => x.Saga.Attempt.WaitingFor = null)
        .Publish(x => new MergePullRequest
        {
            DeployId = x.Saga.CorrelationId,
            Attempt = x.Saga.Attempt.Number,
            Repository = x.Saga.Repository,
            PrNumber = x.Saga.PrNumber,
            Target = x.Saga.Target,
            MergeStrategy = x.Saga.Attempt.MergeStrategy,
            CommitTitle = $"{x.Saga.Attempt.Title} (#{x.Saga.PrNumber})",
            Deadline = x.Saga.Attempt.MergeDeadline!.Value,
            PromotedSha = x.Saga.Attempt.PromotedSha,
            // As the lane granted it: what the last deploy that succeeded on the target left running there.
            CurrentSha = x.Saga.Attempt.LastKnownGoodSha,
        });

    public static EventActivityBinder<DeployState, T> WatchDeployment<T>(this EventActivityBinder<DeployState, T> binder) where T : class => binder
        .Then(x => x.Saga.Attempt.LookOutstanding = true)
        .Publish(x => new WatchDeployment
        {
            DeployId = x.Saga.CorrelationId,
            Attempt = x.Saga.Attempt.Number,
            Repository = x.Saga.Repository,
            Target = x.Saga.Target,
            MergeSha = x.Saga.Attempt.MergeSha!,
            EarlierAttemptEndedAt = x.Saga.PastAttempts.LastOrDefault() is { } earlier ? earlier.FinishedAt ?? earlier.StartedAt : null,
            Step = x.Saga.Attempt.Canary,
            LastKnownGoodSha = x.Saga.Attempt.LastKnownGoodSha,
        });

    /// <summary>The rollout step's Deployment succeeded: announced, and handed to the lane's monitor to judge for its pause (a blue-green
    /// step at 0 %, at the new version's own URL: the Deployment's environment_url).</summary>
    public static EventActivityBinder<DeployState, DeploymentSucceeded> JudgeCanaryStep(this EventActivityBinder<DeployState, DeploymentSucceeded> binder,
        TargetCatalog targets) => binder
        .Then(x =>
        {
            x.Saga.Attempt.CanaryJudged = true;
            x.Saga.Attempt.WaitingFor = $"{x.Saga.Attempt.Canary}: judged by the monitoring checks for " +
                                        $"{RolloutPlan.Pause(targets[x.Saga.Target], x.Saga.Attempt.Canary!)}";
        })
        .Publish(x => DeployMessages.Announcement(x.Saga, AnnouncementKind.Deployed,
            $"{DeployStateMachine.Short(x.Saga.Attempt.MergeSha)} deployed to {x.Saga.Target} as {x.Saga.Attempt.Canary}; judged by the monitoring " +
            $"checks for {RolloutPlan.Pause(targets[x.Saga.Target], x.Saga.Attempt.Canary!)}", DateTimeOffset.UtcNow))
        .Publish(x => new JudgeCanaryStep(DeployMessages.MonitorRelease(x.Saga), x.Saga.Attempt.Canary!,
            RolloutPlan.Pause(targets[x.Saga.Target], x.Saga.Attempt.Canary!), RolloutPlan.IsPreview(x.Saga.Attempt.Canary) ? x.Message.EnvironmentUrl : null));

    /// <summary>The step passed its pause: the next step's Deployment.</summary>
    public static EventActivityBinder<DeployState, T> NextCanaryStep<T>(this EventActivityBinder<DeployState, T> binder, TargetCatalog targets)
        where T : class => binder
        .Then(x =>
        {
            x.Saga.Attempt.Canary = RolloutPlan.Next(targets[x.Saga.Target], x.Saga.Attempt.Canary!);
            x.Saga.Attempt.CanaryJudged = false;
            x.Saga.Attempt.WaitingFor = $"{x.Saga.Attempt.Canary}: deploying";
            x.Saga.Attempt.Stage = DeployStage.Deploy;
        })
        .WatchDeployment();

    public static EventActivityBinder<DeployState, T> RunSmokeTests<T>(this EventActivityBinder<DeployState, T> binder) where T : class => binder
        .Publish(x => new RunSmokeTests
        {
            DeployId = x.Saga.CorrelationId,
            Attempt = x.Saga.Attempt.Number,
            Target = x.Saga.Target,
            MergeSha = x.Saga.Attempt.MergeSha!,
            Deadline = x.Saga.Attempt.SmokeDeadline!.Value,
        });

    public static EventActivityBinder<DeployState, T> AnnounceMerged<T>(this EventActivityBinder<DeployState, T> binder) where T : class => binder
        .Publish(x => DeployMessages.Announcement(x.Saga, AnnouncementKind.Merged,
            $"PR #{x.Saga.PrNumber} merged as {DeployStateMachine.Short(x.Saga.Attempt.MergeSha)}; watching the deployment to {x.Saga.Target}",
            DateTimeOffset.UtcNow));

    public static EventActivityBinder<DeployState, T> AnnounceDeployed<T>(this EventActivityBinder<DeployState, T> binder) where T : class => binder
        .Publish(x => DeployMessages.Announcement(x.Saga, AnnouncementKind.Deployed,
            $"{DeployStateMachine.Short(x.Saga.Attempt.MergeSha)} deployed to {x.Saga.Target}; running smoke tests", DateTimeOffset.UtcNow));

    /// <summary>Once per attempt: the PR waits for approval or checks, outside the lane.</summary>
    public static EventActivityBinder<DeployState, MergeBlocked> AnnounceApprovalNeeded(this EventActivityBinder<DeployState, MergeBlocked> binder) => binder
        .If(x => x.Message.Reason == MergeBlockReason.ApprovalMissing && !x.Saga.Attempt.ApprovalAnnounced, b => b
            .Then(x => x.Saga.Attempt.ApprovalAnnounced = true)
            .Publish(x => DeployMessages.Announcement(x.Saga, AnnouncementKind.ApprovalNeeded,
                $"PR #{x.Saga.PrNumber} needs approval before it can deploy to {x.Saga.Target}: {x.Message.Detail}", DateTimeOffset.UtcNow)));

    public static EventActivityBinder<DeployState, T> AnnounceManualMerge<T>(this EventActivityBinder<DeployState, T> binder,
        Func<BehaviorContext<DeployState, T>, string> detail) where T : class => binder
        .Publish(x => DeployMessages.Announcement(x.Saga, AnnouncementKind.ManualMergeNeeded,
            $"PR #{x.Saga.PrNumber} must be merged by hand: {detail(x)}", DateTimeOffset.UtcNow));

    public static EventActivityBinder<DeployState, T> AnnounceInvestigation<T>(this EventActivityBinder<DeployState, T> binder,
        Func<BehaviorContext<DeployState, T>, string> detail) where T : class => binder
        .Publish(x => DeployMessages.Announcement(x.Saga, AnnouncementKind.InvestigationNeeded, detail(x), DateTimeOffset.UtcNow));

    /// <summary>One fix task per problem; their ids go into the failure announcement.</summary>
    public static EventActivityBinder<DeployState, T> PublishFixTasks<T>(this EventActivityBinder<DeployState, T> binder,
        Func<BehaviorContext<DeployState, T>, IReadOnlyList<Problem>> problems, TargetCatalog targets) where T : class => binder
        .ThenAsync(async x =>
        {
            var environment = targets.EnvironmentOf(x.Saga.Target);
            foreach (var problem in problems(x))
            {
                var fixTask = DeployMessages.FixTask(x.Saga, problem, environment, NewId.NextGuid());
                x.Saga.Attempt.FixTasks.Add(RequestedFixTask.Of(fixTask));
                await x.Publish(fixTask);
            }
        });

    /// <summary>
    /// Ends the attempt as Failed, as <see cref="Fail{T}(EventActivityBinder{DeployState,T},Func{BehaviorContext{DeployState,T},string})"/> does,
    /// after a failure that may have changed the target. On a target that rolls back, when it changed and a good SHA is known,
    /// the lane goes straight to the lane's monitor with the release (RollBackRelease): it rolls back to that SHA and verifies
    /// it as it does a release that degrades while watched. With no good SHA known: InvestigationNeeded. A target with a rollout
    /// always goes back to its stable SHA (the rollout is aborted), whether or not it sets RollbackOnCriticalFailure.
    /// </summary>
    public static EventActivityBinder<DeployState, T> FailRollingBack<T>(this EventActivityBinder<DeployState, T> binder, TargetCatalog targets,
        Func<BehaviorContext<DeployState, T>, bool> targetChanged, Func<BehaviorContext<DeployState, T>, string> reason) where T : class => binder
        .IfElse(x => targetChanged(x) && RollsBack(targets, x.Saga) && KnowsGoodShaBefore(x.Saga.Attempt),
            rollback => rollback
                .FailKeepingLane(reason)
                .HandLaneToRollback(),
            stay => stay
                .If(x => targetChanged(x) && RollsBack(targets, x.Saga), noGoodSha => noGoodSha
                    .AnnounceInvestigation(x => $"{x.Saga.Target} failed critically and has no known good SHA to roll back to"))
                .Fail(reason));

    static bool RollsBack(TargetCatalog targets, DeployState deploy) =>
        targets[deploy.Target].RollbackOnCriticalFailure || deploy.Attempt.Canary is not null;

    static bool KnowsGoodShaBefore(DeployAttempt attempt) => attempt.LastKnownGoodSha is { } good && good != attempt.MergeSha;

    /// <summary>The release to the lane's monitor for its rollback, and the lane with it, in one step at the lane.</summary>
    static EventActivityBinder<DeployState, T> HandLaneToRollback<T>(this EventActivityBinder<DeployState, T> binder) where T : class => binder
        .ThenAsync(async x =>
        {
            var deploy = x.Saga;
            var ticket = NewId.NextGuid();
            await x.Publish(new RollBackRelease(DeployMessages.MonitorRelease(deploy), ticket,
                $"Critical failure of {deploy.Repository}#{deploy.PrNumber} on {deploy.Target}: {deploy.Attempt.Outcome}",
                deploy.Attempt.FixTasks.Select(f => f.Id).ToList()));
            await x.Publish(new LaneReleased(deploy.LaneId, deploy.CorrelationId, deploy.LaneTicket!.Value, null, ticket));
        });

    public static EventActivityBinder<DeployState, T> Fail<T>(this EventActivityBinder<DeployState, T> binder, string reason) where T : class =>
        binder.Fail(_ => reason);

    /// <summary>Ends the attempt as Failed: gives the lane back, keeps the workspace, announces with links to the fix tasks.</summary>
    public static EventActivityBinder<DeployState, T> Fail<T>(this EventActivityBinder<DeployState, T> binder,
        Func<BehaviorContext<DeployState, T>, string> reason) where T : class => binder
        .FailKeepingLane(reason)
        .ReleaseLane();

    /// <summary>Ends the attempt as Failed, as <see cref="Fail{T}(EventActivityBinder{DeployState,T},string)"/> does, but keeps the lane.</summary>
    public static EventActivityBinder<DeployState, T> FailKeepingLane<T>(this EventActivityBinder<DeployState, T> binder,
        Func<BehaviorContext<DeployState, T>, string> reason) where T : class => binder
        .Then(x =>
        {
            x.Saga.Attempt.Outcome = reason(x);
            x.Saga.Attempt.FinishedAt = DateTimeOffset.UtcNow;
            x.Saga.Attempt.WaitingFor = null;
        })
        .Publish(x => DeployMessages.Announcement(x.Saga, AnnouncementKind.Failed,
            $"Deploy of {x.Saga.Repository}#{x.Saga.PrNumber} to {x.Saga.Target} failed: {x.Saga.Attempt.Outcome}" +
            (x.Saga.Attempt.FixTasks.Count > 0 ? $"; {x.Saga.Attempt.FixTasks.Count} fix task(s) requested, workspace kept" : ""),
            DateTimeOffset.UtcNow));

    /// <summary>Ends the attempt as Succeeded: end-to-end tests, the workspace can go, the lane learns the good SHA, its monitor watches the release.</summary>
    public static EventActivityBinder<DeployState, T> Succeed<T>(this EventActivityBinder<DeployState, T> binder, TargetCatalog targets)
        where T : class => binder
        .Then(x =>
        {
            x.Saga.Attempt.Outcome = "succeeded";
            x.Saga.Attempt.FinishedAt = DateTimeOffset.UtcNow;
            x.Saga.Attempt.WaitingFor = null;
        })
        .ReleaseLane(x => x.Saga.Attempt.MergeSha)
        .Publish(x => DeployMessages.E2E(x.Saga, targets[x.Saga.Target].BaseUrl))
        .Publish(x => DeployMessages.WorkspaceDestroy(x.Saga))
        .If(x => targets[x.Saga.Target].Monitoring.Enabled, monitored => monitored
            .Publish(x => DeployMessages.MonitorRelease(x.Saga)))
        .Publish(x => DeployMessages.Announcement(x.Saga, AnnouncementKind.Succeeded,
            $"{x.Saga.Repository}#{x.Saga.PrNumber} is live on {x.Saga.Target} at {DeployStateMachine.Short(x.Saga.Attempt.MergeSha)}", DateTimeOffset.UtcNow));
}
