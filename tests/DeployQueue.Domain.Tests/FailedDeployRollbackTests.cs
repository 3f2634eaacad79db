using DeployQueue.Contracts;
using DeployQueue.Domain.Configuration;
using DeployQueue.Domain.Policies;
using DeployQueue.Domain.Ports;
using DeployQueue.Domain.StateMachines;
using DeployQueue.Domain.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace DeployQueue.Domain.Tests;

/// <summary>
/// A deploy that fails after it changed a target that rolls back (issue 15): the lane's monitor takes the release and the
/// lane over and rolls it back as it does a release that degrades while watched, by a GitHub Deployment of the last good
/// SHA (Automatic) or RollbackRequested (Request), and either way reads the version endpoint until the target serves that
/// SHA, with the lane held until then. Production here has no monitoring window: only its interval, how often a rollback
/// is checked.
/// </summary>
[TestFixture]
public class FailedDeployRollbackTests : DeployQueueFixture
{
    static readonly Guid ProductionLane = DeployIdentity.LaneId(Shop, "production");

    protected override void Adjust(DeployQueueOptions options)
    {
        options.Targets["production"].Monitoring = new MonitoringOptions { Window = TimeSpan.Zero, Interval = TimeSpan.FromMilliseconds(100) };
        options.Targets["production"].Timeouts.Rollback = TimeSpan.FromSeconds(10);
    }

    [Test]
    public async Task A_deploy_whose_smoke_tests_fail_is_rolled_back_by_one_deployment_of_the_good_sha_holding_the_lane_until_the_target_serves_it()
    {
        var good = await LiveOnProduction(601);
        var bad = await PassedStaging(602);
        await PassedStaging(603);
        Harness.Scope.ServiceProvider.GetRequiredService<TargetCatalog>()["production"].Rollback = RollbackMode.Automatic;
        Monitoring.Serve("production", bad.MergeSha);
        Smoke.Answer("production", _ => Crashed());

        await Send(Request(602, "production"));
        await Reaches(IdOf(602, "production"), m => m.Failed);
        await MonitorReaches(ProductionLane, m => m.VerifyingRollback);
        // The next deploy, healthy, waits while the rollback is in flight.
        Smoke.Answer("production", ScriptedSmoke.Healthy);
        await Send(Request(603, "production"));
        await Reaches(IdOf(603, "production"), m => m.Claimed);
        await Eventually(() => GitHub.RollbackDeploymentsCreated.Count > 0 ? GitHub.RollbackDeploymentsCreated : null, "no rollback deployment");
        // Read as they are now: the harness's lists wait for the bus to go quiet, which it does not while the rollback is checked.
        var waiting = Deploys.Sagas.Contains(IdOf(603, "production"))!.CurrentState;
        var rollingBack = Monitors.Sagas.Contains(ProductionLane)!.CurrentState;

        var servedAt = DateTimeOffset.UtcNow;
        Monitoring.Serve("production", good.MergeSha);
        await MonitorReaches(ProductionLane, m => m.RolledBack);
        var verified = await PublishedOne<Announcement>(a => a.DeployId == IdOf(602, "production") && a.Kind == AnnouncementKind.RollbackVerified);
        await Reaches(IdOf(603, "production"), m => m.Succeeded);
        var granted = await ConsumedOne<LaneGranted>(g => g.DeployId == IdOf(603, "production"));
        var fix = await PublishedOne<FixTaskRequested>(f => f.DeployId == IdOf(602, "production"));
        var started = await PublishedOne<Announcement>(a => a.DeployId == IdOf(602, "production") && a.Kind == AnnouncementKind.RollbackRequested);

        Assert.Multiple(() =>
        {
            Assert.That(GitHub.RollbackDeploymentsCreated, Is.EqualTo(new[] { (good.MergeSha, "production") }));
            Assert.That(Published<RollBackTarget>(r => r.LaneId == ProductionLane), Has.Count.EqualTo(1), "one rollback deployment asked for");
            Assert.That(waiting, Is.EqualTo("Claimed"), "the lane is held while the rollback is in flight");
            Assert.That(rollingBack, Is.EqualTo("VerifyingRollback"), "not verified before the target serves the good SHA");
            Assert.That(verified.At, Is.GreaterThanOrEqualTo(servedAt));
            Assert.That(verified.Message, Does.Contain($"serves {good.MergeSha[..7]} again, rolled back from {bad.MergeSha[..7]}"));
            Assert.That(started.Message, Does.Contain("started (GitHub Deployment)"));
            Assert.That(fix.Kind, Is.EqualTo(FixTaskKind.ServiceCrash));
            Assert.That(granted.LastKnownGoodSha, Is.EqualTo(good.MergeSha), "the next deploy is told the good SHA, never the one rolled back");
            Assert.That(Published<RollbackRequested>(_ => true), Is.Empty, "Rollback: Automatic rolls back itself");
        });
    }

    [Test]
    public async Task A_deploy_job_that_fails_after_changing_the_target_requests_a_rollback_and_watches_the_target_until_it_serves_the_good_sha()
    {
        var good = await LiveOnProduction(611);
        var bad = await PassedStaging(612);
        Monitoring.Serve("production", bad.MergeSha);
        Tap.Record<VerifyRollback>();
        GitHub.Pipeline(bad.MergeSha)
            .Forever(PipelineScript.Failed(new FailedJob("deploy", "helm upgrade", DeployStage.Deploy, "Error: UPGRADE FAILED", null)));

        await Send(Request(612, "production"));
        await Reaches(IdOf(612, "production"), m => m.Failed);
        // The version endpoint is read every interval meanwhile, the lane held.
        await Eventually(() => Tap.Delivered<VerifyRollback>(v => v.LaneId == ProductionLane).Count >= 3 ? "checked" : null, "the target was not watched");
        var held = Harness.GetSagaStateMachineHarness<LaneStateMachine, LaneState>().Sagas.Contains(ProductionLane)!.Holder;

        var servedAt = DateTimeOffset.UtcNow;
        Monitoring.Serve("production", good.MergeSha);
        var monitor = await MonitorReaches(ProductionLane, m => m.RolledBack);
        var lane = await LaneFree(ProductionLane);
        var verified = await PublishedOne<Announcement>(a => a.DeployId == IdOf(612, "production") && a.Kind == AnnouncementKind.RollbackVerified);
        var rollback = await PublishedOne<RollbackRequested>(r => r.DeployId == IdOf(612, "production"));
        var fix = await PublishedOne<FixTaskRequested>(f => f.DeployId == IdOf(612, "production"));

        Assert.Multiple(() =>
        {
            Assert.That(rollback.FailedSha, Is.EqualTo(bad.MergeSha));
            Assert.That(rollback.RollbackToSha, Is.EqualTo(good.MergeSha));
            Assert.That(rollback.FixTaskIds, Is.EqualTo(new[] { fix.FixTaskId }));
            Assert.That(rollback.Reason, Does.Contain("The deployment failed (1 problem(s))"));
            Assert.That(held?.DeployId, Is.EqualTo(ProductionLane), "the lane's monitor holds the lane while the rollback is in flight");
            Assert.That(verified.At, Is.GreaterThanOrEqualTo(servedAt));
            Assert.That(monitor.Release.MergeSha, Is.EqualTo(bad.MergeSha));
            Assert.That(lane.LastKnownGoodSha, Is.EqualTo(good.MergeSha));
            Assert.That(Published<RollBackTarget>(_ => true), Is.Empty, "Rollback: Request leaves the rollback to the executor");
            Assert.That(GitHub.RollbackDeploymentsCreated, Is.Empty);
        });
    }

    static SmokeReport Crashed() =>
        new([new SmokeCheckResult("GET /health", SmokeCheckKind.Health, false, "HTTP 200", "connection refused", 0)]);
}
