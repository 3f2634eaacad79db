using DeployQueue.Contracts;
using DeployQueue.Domain.Configuration;
using DeployQueue.Domain.Policies;
using DeployQueue.Domain.Ports;
using DeployQueue.Domain.Tests.Fakes;

namespace DeployQueue.Domain.Tests;

/// <summary>
/// A progressive rollout (issue 20) on the harness: production deploys in three steps (10 %, 50 %, 100 %), each a GitHub
/// Deployment of the merge SHA carrying its weight; the two canary steps are judged for their pause by the lane's monitor
/// with the target's monitoring checks. A step that fails its checks, or whose Deployment fails, aborts the rollout: a
/// Deployment of the stable SHA with weight 0 for the release, verified on the version endpoint, with the lane held until then.
/// </summary>
[TestFixture]
public class RolloutTests : DeployQueueFixture
{
    static readonly Guid ProductionLane = DeployIdentity.LaneId(Shop, "production");
    static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(400);

    protected override void Adjust(DeployQueueOptions options)
    {
        var production = options.Targets["production"];
        // Request, and no window after the deploy: a rollout aborts by its own Deployment all the same.
        production.Rollback = RollbackMode.Request;
        production.Monitoring = new MonitoringOptions
        {
            Window = TimeSpan.Zero,
            Interval = TimeSpan.FromMilliseconds(100),
            FailureLimit = 2,
            Checks = [new MonitoringCheckOptions { Path = "/health", MaxLatencyMs = 500 }],
        };
        production.Rollout = new RolloutOptions
        {
            Steps = [new() { Weight = 10, Pause = Pause }, new() { Weight = 50, Pause = Pause }, new() { Weight = 100 }],
        };
        production.Timeouts.Rollback = StepTimeout;
    }

    [Test]
    public async Task A_release_whose_canary_steps_pass_their_checks_is_promoted_step_by_step_to_100_percent_holding_the_lane()
    {
        var stable = await LiveOnProduction(701);
        var release = await PassedStaging(702);
        await PassedStaging(703);

        await Send(Request(702, "production"));
        await PublishedOne<JudgeCanaryStep>(j => j.Release.DeployId == IdOf(702, "production"));
        // A look at the step's Deployment answering again (a redelivery, a webhook's look) while it is judged: judged once all the same.
        await Harness.Bus.Publish(new DeploymentSucceeded(IdOf(702, "production"), 1, null, null, 1));
        // Another PR for the lane meanwhile: it waits for the whole rollout.
        await Send(Request(703, "production"));
        await Reaches(IdOf(702, "production"), m => m.Succeeded);
        await Reaches(IdOf(703, "production"), m => m.Succeeded);
        var announcements = AnnouncementsOf(IdOf(702, "production"));
        var succeeded = announcements.Single(a => a.Kind == AnnouncementKind.Succeeded);
        var next = AnnouncementsOf(IdOf(703, "production")).Single(a => a.Kind == AnnouncementKind.Merged);

        Assert.Multiple(() =>
        {
            Assert.That(GitHub.StepDeploymentsCreated.Where(d => d.Sha == release.MergeSha).Select(d => d.Step), Is.EqualTo(new[]
            {
                new CanaryStep(1, 3, 10, stable.MergeSha), new CanaryStep(2, 3, 50, stable.MergeSha), new CanaryStep(3, 3, 100, stable.MergeSha),
            }), "one Deployment per step, in order, each with its weight and the stable SHA");
            Assert.That(Published<JudgeCanaryStep>(j => j.Release.DeployId == IdOf(702, "production")).Select(j => (j.Step.Weight, j.Pause)),
                Is.EqualTo(new[] { (10, Pause), (50, Pause) }), "the canary steps are judged for their pause; 100 % goes on to smoke");
            Assert.That(Published<CanaryStepPassed>(p => p.DeployId == IdOf(702, "production")).Select(p => p.Step), Is.EqualTo(new[] { 1, 2 }));
            Assert.That(announcements.Where(a => a.Kind == AnnouncementKind.Deployed).Select(a => a.Message), Has.Some.Contains("canary 10 % (step 1 of 3)")
                .And.Some.Contains("canary 50 % (step 2 of 3)"));
            Assert.That(succeeded.At - announcements.Single(a => a.Kind == AnnouncementKind.Merged).At, Is.GreaterThanOrEqualTo(Pause * 2),
                "each canary step was judged for its whole pause");
            Assert.That(next.At, Is.GreaterThan(succeeded.At), "the lane was held through the rollout");
            Assert.That(Published<FixTaskRequested>(f => f.DeployId == IdOf(702, "production")), Is.Empty);
            Assert.That(GitHub.RollbackDeploymentsCreated, Is.Empty);
        });
    }

    [Test]
    public async Task A_canary_that_fails_its_checks_is_aborted_at_10_percent_back_to_the_stable_sha_verified_with_the_lane_held()
    {
        var stable = await LiveOnProduction(711);
        var release = await PassedStaging(712);
        await PassedStaging(713);
        Monitoring.Serve("production", release.MergeSha);
        Monitoring.Answer("production", _ => ScriptedMonitoring.Slow(900));

        await Send(Request(712, "production"));
        await Reaches(IdOf(712, "production"), m => m.Failed);
        await MonitorReaches(ProductionLane, m => m.VerifyingRollback);
        Monitoring.Answer("production", _ => ScriptedMonitoring.Healthy());
        await Send(Request(713, "production"));
        await Reaches(IdOf(713, "production"), m => m.Claimed);
        var waiting = Deploys.Sagas.Contains(IdOf(713, "production"))!.CurrentState;
        Monitoring.Serve("production", stable.MergeSha);
        // (Not the monitor's RolledBack state: the next deploy's steps follow at once on the same lane's monitor.)
        var verified = await PublishedOne<Announcement>(a => a.DeployId == IdOf(712, "production") && a.Kind == AnnouncementKind.RollbackVerified);
        await Reaches(IdOf(713, "production"), m => m.Succeeded);
        var failed = AnnouncementsOf(IdOf(712, "production")).Single(a => a.Kind == AnnouncementKind.Failed);
        var fixTasks = Published<FixTaskRequested>(f => f.DeployId == IdOf(712, "production"));
        var abort = await PublishedOne<RollBackTarget>(r => r.LaneId == ProductionLane);
        var merged = AnnouncementsOf(IdOf(713, "production")).Single(a => a.Kind == AnnouncementKind.Merged);

        Assert.Multiple(() =>
        {
            Assert.That(GitHub.StepDeploymentsCreated.Where(d => d.Sha == release.MergeSha).Select(d => d.Step.Weight), Is.EqualTo(new[] { 10 }),
                "aborted at 10 %: no later step deployed");
            Assert.That(failed.Message, Does.Contain("canary 10 % (step 1 of 3) failed its monitoring checks").And.Contain("p95 900 ms"));
            Assert.That(fixTasks.Select(f => (f.Kind, f.Stage)), Is.EqualTo(new[] { (FixTaskKind.PerformanceDegradation, DeployStage.Monitoring) }));
            Assert.That(fixTasks[0].Description, Does.Contain("canary 10 % (step 1 of 3)").And.Contain("p95 900 ms"));
            Assert.That((abort.Sha, abort.AbortedSha), Is.EqualTo((stable.MergeSha, release.MergeSha)),
                "a Deployment of the stable SHA, weight 0 for the release");
            Assert.That(GitHub.RollbackDeploymentsCreated, Is.EqualTo(new[] { (stable.MergeSha, "production") }));
            Assert.That(GitHub.AbortedShas, Is.EqualTo(new[] { release.MergeSha }));
            Assert.That(verified.Message, Does.Contain($"serves {stable.MergeSha[..7]} again, rolled back from {release.MergeSha[..7]}"));
            Assert.That(waiting, Is.EqualTo("Claimed"), "the lane is held through the abort");
            Assert.That(merged.At, Is.GreaterThan(verified.At), "the next deploy merged only once the abort was verified");
            Assert.That(Published<RollbackRequested>(_ => true), Is.Empty, "a rollout aborts by its own Deployment, whatever Rollback says");
        });
    }

    [Test]
    public async Task A_step_whose_deployment_fails_aborts_the_rollout_back_to_the_stable_sha()
    {
        var stable = await LiveOnProduction(721);
        var release = await PassedStaging(722);
        GitHub.StepPipeline(release.MergeSha, 2, PipelineScript.Failed(new FailedJob("deploy", "Run helm upgrade --install", DeployStage.Deploy,
            "Error: UPGRADE FAILED: timed out waiting for the condition", null)));
        Monitoring.Serve("production", release.MergeSha);

        await Send(Request(722, "production"));
        await Reaches(IdOf(722, "production"), m => m.Failed);
        await MonitorReaches(ProductionLane, m => m.VerifyingRollback);
        Monitoring.Serve("production", stable.MergeSha);
        await MonitorReaches(ProductionLane, m => m.RolledBack);
        var failed = AnnouncementsOf(IdOf(722, "production")).Single(a => a.Kind == AnnouncementKind.Failed);
        var abort = await PublishedOne<RollBackTarget>(r => r.LaneId == ProductionLane);

        Assert.Multiple(() =>
        {
            Assert.That(GitHub.StepDeploymentsCreated.Where(d => d.Sha == release.MergeSha).Select(d => d.Step.Weight), Is.EqualTo(new[] { 10, 50 }));
            Assert.That(Published<CanaryStepPassed>(p => p.DeployId == IdOf(722, "production")).Select(p => p.Step), Is.EqualTo(new[] { 1 }));
            Assert.That(failed.Message, Does.Contain("The deployment of canary 50 % (step 2 of 3) failed"));
            Assert.That(Published<FixTaskRequested>(f => f.DeployId == IdOf(722, "production")).Select(f => f.Stage),
                Is.EqualTo(new[] { DeployStage.Deploy }), "one fix task, of the failed job");
            Assert.That((abort.Sha, abort.AbortedSha), Is.EqualTo((stable.MergeSha, release.MergeSha)));
        });
    }
}
