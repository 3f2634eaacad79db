using DeployQueue.Contracts;
using DeployQueue.Domain.Configuration;
using DeployQueue.Domain.Policies;
using DeployQueue.Domain.StateMachines;
using DeployQueue.Domain.Tests.Fakes;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DeployQueue.Domain.Tests;

/// <summary>
/// Post-deployment monitoring (issue 15) on the harness: a release watched through its window after its deploy succeeded,
/// superseded by the lane's next deploy, or failed after FailureLimit bad intervals in a row, and then rolled back with the
/// lane held until the target serves the good SHA again.
/// </summary>
[TestFixture]
public class MonitoringTests : DeployQueueFixture
{
    // Windows long enough for intervals of 100 ms to run on a loaded machine; short enough for a test.
    static readonly TimeSpan StagingWindow = TimeSpan.FromSeconds(2.5);
    static readonly TimeSpan ProductionWindow = TimeSpan.FromSeconds(6);
    static readonly Guid ProductionLane = DeployIdentity.LaneId(Shop, "production");
    static readonly Guid StagingLane = DeployIdentity.LaneId(Shop, "staging");

    protected override void Adjust(DeployQueueOptions options)
    {
        foreach (var target in new[] { "staging", "production" })
        {
            options.Targets[target].Monitoring = new MonitoringOptions
            {
                Window = target == "staging" ? StagingWindow : ProductionWindow,
                Interval = TimeSpan.FromMilliseconds(100),
                FailureLimit = 2,
                InconclusiveLimit = 3,
                Checks = [new MonitoringCheckOptions { Path = "/health", MaxLatencyMs = 500 }],
            };
            options.Targets[target].Timeouts.Rollback = StepTimeout;
        }
        options.Targets["preview"].Monitoring = new MonitoringOptions { Window = TimeSpan.Zero };
    }

    [Test]
    public async Task A_release_whose_checks_pass_through_its_window_is_announced_stable_with_its_figures_after_e2e_went_out_at_once()
    {
        var pr = GitHub.PullRequest(Shop, 501);
        Monitoring.Answer("staging", n => ScriptedMonitoring.Healthy(p95Ms: 30 + n));

        await Send(Request(501));
        await Reaches(IdOf(501), m => m.Succeeded);
        var e2eAt = DateTimeOffset.UtcNow;
        Assert.That(Published<E2ERequested>(e => e.DeployId == IdOf(501)), Has.Count.EqualTo(1), "E2ERequested at once, not after the window");

        var stable = await PublishedOne<Announcement>(a => a.DeployId == IdOf(501) && a.Kind == AnnouncementKind.Stable);
        var monitor = await MonitorReaches(StagingLane, m => m.Stable);

        Assert.Multiple(() =>
        {
            Assert.That(stable.At, Is.GreaterThanOrEqualTo(e2eAt + StagingWindow - TimeSpan.FromMilliseconds(300)), "announced when the window passed");
            Assert.That(stable.Message, Does.Contain("stable on staging").And.Contain(pr.MergeSha[..7]));
            Assert.That(stable.Metrics, Does.ContainKey("GET /health p95"), stable.Message);
            Assert.That(stable.Metrics.GetValueOrDefault("GET /health p95"), Does.Match(@"^31–\d+ \(bound ≤ 500 ms\)$"), "the figures observed");
            Assert.That(int.Parse(stable.Metrics["intervals"]), Is.GreaterThan(1));
            Assert.That(monitor.Release.MergeSha, Is.EqualTo(pr.MergeSha));
            Assert.That(Published<FixTaskRequested>(f => f.DeployId == IdOf(501)), Is.Empty);
        });
    }

    [Test]
    public async Task Latency_beyond_its_bound_for_failure_limit_intervals_makes_a_performance_fix_task_a_rollback_and_its_verification()
    {
        var good = await LiveOnProduction(511);
        var bad = await PassedStaging(512);
        Monitoring.Serve("production", bad.MergeSha);
        // Interval 3 is slow but 4 is not: one streak broken; from 5 on, slower and slower.
        Monitoring.Answer("production", n => n is 3 or >= 5 ? ScriptedMonitoring.Slow(600 + 100 * n) : ScriptedMonitoring.Healthy());

        await Send(Request(512, "production"));
        await Reaches(IdOf(512, "production"), m => m.Succeeded);

        await MonitorReaches(ProductionLane, m => m.VerifyingRollback);
        Monitoring.Serve("production", good.MergeSha);
        var monitor = await MonitorReaches(ProductionLane, m => m.RolledBack);
        // Read once the monitor is done: the harness's lists wait for the bus to go quiet, which it does not while intervals run.
        var fix = await PublishedOne<FixTaskRequested>(f => f.DeployId == IdOf(512, "production"));
        var rollback = await PublishedOne<RollbackRequested>(r => r.DeployId == IdOf(512, "production"));
        var verified = await PublishedOne<Announcement>(a => a.DeployId == IdOf(512, "production") && a.Kind == AnnouncementKind.RollbackVerified);
        var lane = await LaneFree(ProductionLane);

        Assert.Multiple(() =>
        {
            Assert.That(fix.Kind, Is.EqualTo(FixTaskKind.PerformanceDegradation));
            Assert.That(fix.Title, Is.EqualTo("FIX: Performance degradation in production"));
            Assert.That(fix.Stage, Is.EqualTo(DeployStage.Monitoring));
            Assert.That(fix.MergeSha, Is.EqualTo(bad.MergeSha));
            Assert.That(fix.Description, Does.Contain("p95 1100 ms").And.Contain("p95 1200 ms").And.Not.Contain("p95 900 ms"),
                "the samples of the failing streak, not of the broken one");
            Assert.That(Published<FixTaskRequested>(f => f.DeployId == IdOf(512, "production")), Has.Count.EqualTo(1));
            Assert.That(rollback.FailedSha, Is.EqualTo(bad.MergeSha));
            Assert.That(rollback.RollbackToSha, Is.EqualTo(good.MergeSha));
            Assert.That(rollback.FixTaskIds, Is.EqualTo(new[] { fix.FixTaskId }));
            Assert.That(verified.Message, Does.Contain($"serves {good.MergeSha[..7]} again"));
            Assert.That(monitor.FixTaskIds, Is.EqualTo(new[] { fix.FixTaskId }));
            Assert.That(lane.LastKnownGoodSha, Is.EqualTo(good.MergeSha), "the lane's last known good is never the release rolled back");
            Assert.That(AnnouncementsOf(IdOf(512, "production")).Select(a => a.Kind),
                Is.SupersetOf(new[] { AnnouncementKind.Failed, AnnouncementKind.RollbackRequested, AnnouncementKind.RollbackVerified }));
            Assert.That(GitHub.RollbackDeploymentsCreated, Is.Empty, "Rollback: Request leaves the rollback to the executor");
        });
    }

    [Test]
    public async Task A_lock_on_the_lane_does_not_stop_its_rollback_to_the_last_good_sha()
    {
        var good = await LiveOnProduction(541);
        var bad = await PassedStaging(542);
        Monitoring.Serve("production", bad.MergeSha);
        var locked = new TaskCompletionSource();
        // Healthy until the lane is locked, slow from then on: the rollback asks for a locked lane.
        Monitoring.Answer("production", _ => locked.Task.IsCompleted ? ScriptedMonitoring.Slow(900) : ScriptedMonitoring.Healthy());

        await Send(Request(542, "production"));
        await Reaches(IdOf(542, "production"), m => m.Succeeded);
        await Harness.Bus.Publish(new LockLane(ProductionLane, Shop, "production", "incident", "alice", DateTimeOffset.UtcNow));
        await Eventually(() => Harness.GetSagaStateMachineHarness<LaneStateMachine, LaneState>().Sagas.Contains(ProductionLane)?.Lock,
            "the lane was not locked");
        locked.SetResult();

        await MonitorReaches(ProductionLane, m => m.VerifyingRollback);
        Monitoring.Serve("production", good.MergeSha);
        await MonitorReaches(ProductionLane, m => m.RolledBack);
        var lane = await LaneFree(ProductionLane);
        Assert.That(lane.Lock?.Reason, Is.EqualTo("incident"), "the lane stays locked after its rollback");
    }

    [Test]
    public async Task An_automatic_rollback_creates_the_good_shas_deployment_and_holds_the_lane_until_the_target_serves_it()
    {
        var good = await LiveOnProduction(521);
        var bad = await PassedStaging(522);
        await PassedStaging(523);
        Monitoring.Serve("production", bad.MergeSha);
        Monitoring.Answer("production", _ => ScriptedMonitoring.Slow(900));
        // Read when the rollback starts, as the service reads its configuration.
        Harness.Scope.ServiceProvider.GetRequiredService<TargetCatalog>()["production"].Rollback = RollbackMode.Automatic;

        await Send(Request(522, "production"));
        await MonitorReaches(ProductionLane, m => m.VerifyingRollback);
        // A deploy that comes while the rollback is in flight waits for the lane.
        await Send(Request(523, "production"));
        var waiting = await Reaches(IdOf(523, "production"), m => m.Claimed);
        await Eventually(() => GitHub.RollbackDeploymentsCreated.Count > 0 ? GitHub.RollbackDeploymentsCreated : null, "no rollback deployment");
        Assert.That(GitHub.RollbackDeploymentsCreated, Is.EqualTo(new[] { (good.MergeSha, "production") }));
        Assert.That(waiting.CurrentState, Is.EqualTo("Claimed"), "the lane is held while the rollback is in flight");

        Monitoring.Serve("production", good.MergeSha);
        await PublishedOne<Announcement>(a => a.DeployId == IdOf(522, "production") && a.Kind == AnnouncementKind.RollbackVerified);
        await Reaches(IdOf(523, "production"), m => m.Succeeded);
        var granted = await ConsumedOne<LaneGranted>(g => g.DeployId == IdOf(523, "production"));

        Assert.Multiple(() =>
        {
            Assert.That(granted.LastKnownGoodSha, Is.EqualTo(good.MergeSha), "the next deploy is told the good SHA, not the one rolled back");
            Assert.That(Published<RollbackRequested>(r => r.DeployId == IdOf(522, "production")), Is.Empty, "the queue rolled back itself");
        });
    }

    [Test]
    public async Task A_rollback_the_target_never_serves_ends_in_investigation_needed_at_its_timeout_and_gives_the_lane_back()
    {
        var good = await LiveOnProduction(531);
        var bad = await PassedStaging(532);
        Monitoring.Serve("production", bad.MergeSha);
        Monitoring.Answer("production", _ => ScriptedMonitoring.Slow(900));

        await Send(Request(532, "production"));
        var monitor = await MonitorReaches(ProductionLane, m => m.RollbackUnverified);
        await PublishedOne<RollbackRequested>(r => r.DeployId == IdOf(532, "production"));
        var investigation = await PublishedOne<Announcement>(a => a.DeployId == IdOf(532, "production") && a.Kind == AnnouncementKind.InvestigationNeeded);
        var lane = await LaneFree(ProductionLane);

        Assert.Multiple(() =>
        {
            Assert.That(investigation.Message, Does.Contain($"did not serve {good.MergeSha[..7]} within its rollback timeout"));
            Assert.That(investigation.Message, Does.Contain(bad.MergeSha[..7]), "what the target still served");
            Assert.That(monitor.Outcome, Does.Contain("not verified"));
            Assert.That(lane.LastKnownGoodSha, Is.EqualTo(good.MergeSha));
            Assert.That(AnnouncementsOf(IdOf(532, "production")).Select(a => a.Kind), Has.No.Member(AnnouncementKind.RollbackVerified));
        });
    }

    [Test]
    public async Task A_deploy_that_fails_after_changing_a_watched_target_ends_the_watch_and_is_rolled_back_by_the_same_monitor()
    {
        var good = await LiveOnProduction(571);
        var bad = await PassedStaging(572);
        Monitoring.Serve("production", bad.MergeSha);
        Smoke.Answer("production", _ => ScriptedSmoke.Unhealthy());

        await Send(Request(572, "production"));
        await Reaches(IdOf(572, "production"), m => m.Failed);
        await MonitorReaches(ProductionLane, m => m.VerifyingRollback);
        Monitoring.Serve("production", good.MergeSha);
        var monitor = await MonitorReaches(ProductionLane, m => m.RolledBack);
        var lane = await LaneFree(ProductionLane);
        var rollback = await PublishedOne<RollbackRequested>(r => r.DeployId == IdOf(572, "production"));
        var fix = await PublishedOne<FixTaskRequested>(f => f.DeployId == IdOf(572, "production"));
        await PublishedOne<Announcement>(a => a.DeployId == IdOf(572, "production") && a.Kind == AnnouncementKind.RollbackVerified);

        Assert.Multiple(() =>
        {
            // Superseded when the failed deploy merged within the good release's window, Stable when the window passed first.
            Assert.That(AnnouncementsOf(IdOf(571, "production")).Select(a => a.Kind).Intersect([AnnouncementKind.Superseded, AnnouncementKind.Stable]),
                Is.Not.Empty, "the good release's watch ended");
            Assert.That(AnnouncementsOf(IdOf(571, "production")).Select(a => a.Kind), Has.No.Member(AnnouncementKind.RollbackVerified));
            Assert.That(monitor.Release.MergeSha, Is.EqualTo(bad.MergeSha), "the monitor rolled back the failed release, not the one it watched");
            Assert.That(rollback.RollbackToSha, Is.EqualTo(good.MergeSha));
            Assert.That(rollback.FixTaskIds, Is.EqualTo(new[] { fix.FixTaskId }), "the deploy's fix tasks");
            Assert.That(fix.Stage, Is.EqualTo(DeployStage.Smoke));
            Assert.That(lane.LastKnownGoodSha, Is.EqualTo(good.MergeSha));
        });
    }

    [Test]
    public async Task The_lanes_next_deploy_supersedes_the_monitored_release_which_is_never_announced_stable()
    {
        await Send(Request(541));
        await Reaches(IdOf(541), m => m.Succeeded);
        await MonitorReaches(StagingLane, m => m.Monitoring);

        await Send(Request(542));
        var superseded = await PublishedOne<Announcement>(a => a.DeployId == IdOf(541) && a.Kind == AnnouncementKind.Superseded);
        await Reaches(IdOf(542), m => m.Succeeded);
        var stable = await PublishedOne<Announcement>(a => a.DeployId == IdOf(542) && a.Kind == AnnouncementKind.Stable);

        Assert.Multiple(() =>
        {
            Assert.That(superseded.Message, Does.Contain("next deploy is changing the target"));
            Assert.That(superseded.At, Is.LessThan(stable.At));
            Assert.That(AnnouncementsOf(IdOf(541)).Select(a => a.Kind), Has.No.Member(AnnouncementKind.Stable));
        });
    }

    [Test]
    public async Task An_intervals_answer_delivered_twice_is_judged_once()
    {
        // The checks' consumer has no outbox (it only looks): a redelivered command answers again, and the monitor must count
        // that answer once. Two failures in a row would degrade the release; one answer twice must not.
        await Send(Request(545));
        await Reaches(IdOf(545), m => m.Succeeded);
        var monitor = await MonitorReaches(StagingLane, m => m.Monitoring);
        var answer = new MonitoringSampled(StagingLane, monitor.Watch, monitor.Samples + 1000, DateTimeOffset.UtcNow, ScriptedMonitoring.Slow(900));

        await Harness.Bus.Publish(answer);
        await Harness.Bus.Publish(answer);
        await Eventually(() => Harness.Consumed.Select<MonitoringSampled>(m => m.Context.Message.Sample == answer.Sample).Count() == 2 ? answer : null,
            "the monitor did not receive the answer twice");
        var stable = await PublishedOne<Announcement>(a => a.DeployId == IdOf(545) && a.Kind == AnnouncementKind.Stable);

        Assert.Multiple(() =>
        {
            Assert.That(Monitors.Sagas.Contains(StagingLane)?.FailingSamples, Has.Count.EqualTo(1), "the slow answer counted once");
            Assert.That(Published<FixTaskRequested>(f => f.DeployId == IdOf(545)), Is.Empty);
            Assert.That(AnnouncementsOf(IdOf(545)).Select(a => a.Kind), Has.No.Member(AnnouncementKind.Failed), stable.Message);
        });
    }

    [Test]
    public async Task Intervals_without_data_ask_for_investigation_once_and_never_fail_or_roll_back_the_release()
    {
        await LiveOnProduction(551);
        var pr = await PassedStaging(552);
        Monitoring.Answer("production", _ => ScriptedMonitoring.NoData());

        await Send(Request(552, "production"));
        var investigation = await PublishedOne<Announcement>(a => a.DeployId == IdOf(552, "production") && a.Kind == AnnouncementKind.InvestigationNeeded);
        var stable = await PublishedOne<Announcement>(a => a.DeployId == IdOf(552, "production") && a.Kind == AnnouncementKind.Stable);

        Assert.Multiple(() =>
        {
            Assert.That(investigation.Message, Does.Contain("no data for 3 intervals in a row").And.Contain("refused the connection"));
            Assert.That(AnnouncementsOf(IdOf(552, "production")).Count(a => a.Kind == AnnouncementKind.InvestigationNeeded), Is.EqualTo(1));
            Assert.That(Published<FixTaskRequested>(f => f.DeployId == IdOf(552, "production")), Is.Empty);
            Assert.That(Published<RollbackRequested>(_ => true), Is.Empty);
            Assert.That(stable.Message, Does.Contain(pr.MergeSha[..7]));
        });
    }

    [Test]
    public async Task A_target_with_no_monitoring_window_is_not_watched()
    {
        await Send(Request(561, "preview"));
        await Reaches(IdOf(561, "preview"), m => m.Succeeded);
        await PublishedOne<E2ERequested>(e => e.DeployId == IdOf(561, "preview"));

        Assert.That(Published<MonitorRelease>(_ => true), Is.Empty);
    }
}
