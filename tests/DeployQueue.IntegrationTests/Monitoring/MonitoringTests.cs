using DeployQueue.Contracts;
using DeployQueue.IntegrationTests.Infrastructure;
using DeployQueue.Service.Messaging;
using DeployQueue.Simulators.GitHub.Scripting;
using DeployQueue.Simulators.Target;

namespace DeployQueue.IntegrationTests.Monitoring;

/// <summary>
/// Post-deployment monitoring end to end (issue 15): the service on RabbitMQ and PostgreSQL watches production after each
/// deploy with HTTP checks against the target simulator, and rolls a degrading release back by a GitHub Deployment of the
/// last good SHA, created through Octokit on the GitHub simulator, whose deploy workflow lands it on the target.
/// </summary>
[TestFixture]
public class MonitoringTests
{
    const string Target = "prod";
    // The stable release's own target, with a window short enough to wait for. On `prod` a release is watched for a minute: a
    // loaded machine's next deploy of the lane may take longer than ten seconds to merge, and the first release's watch must
    // still be running then to be superseded.
    const string Steady = "steady";
    static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    EndToEndSystem World = null!;

    [OneTimeSetUp]
    public async Task StartSystem()
    {
        World = await EndToEndSystem.Create(repositories: 3, targets: [Target, Steady],
            settings: Watched(Steady, "00:00:10").Concat(Watched(Target, "00:01:00")).ToDictionary());
        await World.StartService();
    }

    static Dictionary<string, string?> Watched(string target, string window)
    {
        var key = $"DeployQueue:Targets:{target}:";
        return new Dictionary<string, string?>
        {
            [key + "Trigger"] = "Deployment",
            [key + "RollbackOnCriticalFailure"] = "true",
            [key + "Rollback"] = "Automatic",
            [key + "Timeouts:Rollback"] = "00:00:10",
            [key + "Monitoring:Window"] = window,
            [key + "Monitoring:Interval"] = "00:00:00.5",
            [key + "Monitoring:FailureLimit"] = "2",
            [key + "Monitoring:Checks:0:Type"] = "Http",
            [key + "Monitoring:Checks:0:Path"] = TargetSimulator.ProductsPath,
            [key + "Monitoring:Checks:0:MaxLatencyMs"] = "400",
            [key + "Monitoring:Checks:0:Requests"] = "3",
        };
    }

    [OneTimeTearDown]
    public async Task StopSystem() => await World.DisposeAsync();

    TargetSimulator Production => World.Targets[Target];

    [Test]
    public async Task A_release_that_stays_healthy_through_its_window_is_announced_stable_with_the_latency_observed()
    {
        var repository = World.Repositories[0];
        var pull = World.ReadyPullRequest(repository, 1);
        World.GitHub.Repository(repository).OnDeployment(Steady, DeployWorkflow(Steady));

        await World.SendToDeployQueue(SeedTask.Json(repository, 1, Steady, $"build-{Guid.NewGuid():N}"));

        var announcements = await AnnouncementsOf(repository, 1, found => found.Any(a => a.Kind == AnnouncementKind.Stable));
        Assert.That(announcements.Select(a => a.Kind), Does.Contain(AnnouncementKind.Stable), string.Join("\n", announcements.Select(a => a.Message)));
        var stable = announcements.Single(a => a.Kind == AnnouncementKind.Stable);
        var succeeded = announcements.Single(a => a.Kind == AnnouncementKind.Succeeded);
        var e2e = World.Inbox.Received<E2ERequested>(DownstreamQueues.E2ETest).Where(e => e.Repository == repository).ToList();
        var history = await World.History.ForPullRequest(repository, 1, Steady);

        Assert.Multiple(() =>
        {
            Assert.That(stable.Message, Does.Contain($"stable on {Steady} at {pull.MergeCommitSha![..7]}"));
            Assert.That(stable.At - succeeded.At, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(9.5)), "announced when the window passed");
            Assert.That(stable.Metrics, Does.ContainKey($"GET {TargetSimulator.ProductsPath} p95"), "the figures observed");
            Assert.That(e2e, Has.Count.EqualTo(1), "E2ERequested went out when the deploy succeeded");
            Assert.That(World.Inbox.Received<FixTaskRequested>(DownstreamQueues.Execution).Where(f => f.Repository == repository), Is.Empty);
            Assert.That(history.Select(t => t.ToState), Is.SupersetOf(new[] { "Succeeded", "Monitoring", "Stable" }), "the deploy's history shows monitoring");
        });
    }

    [Test]
    public async Task Latency_that_grows_after_a_deploy_becomes_a_fix_task_and_a_rollback_deployment_verified_on_the_target()
    {
        var repository = World.Repositories[1];
        var good = World.ReadyPullRequest(repository, 1);
        var bad = World.ReadyPullRequest(repository, 2);
        var gitHub = World.GitHub.Repository(repository);
        // The bad release slows down by 100 ms every second from the moment it lands: past the monitoring bound (400 ms) in
        // four seconds, past the smoke bound (1500 ms) only after fifteen, when its smoke tests passed long ago.
        gitHub.OnDeployment(Target, DeployWorkflow(Target, degrading: sha => sha == bad.MergeCommitSha,
            new TargetDegradation { LatencyGrowthPerSecond = TimeSpan.FromMilliseconds(100) }));

        await DeployGoodThenBad(repository);

        var announcements = await AnnouncementsOf(repository, 2, found => found.Any(a => a.Kind is AnnouncementKind.RollbackVerified
            or AnnouncementKind.InvestigationNeeded));
        var fixTasks = World.Inbox.Received<FixTaskRequested>(DownstreamQueues.Execution).Where(f => f.Repository == repository).ToList();
        var first = World.Inbox.Received<Announcement>(DownstreamQueues.Announce).Where(a => a.Repository == repository && a.PrNumber == 1).ToList();
        var lastKnownGood = await World.History.LastKnownGoodSha(repository, Target);

        Assert.That(announcements.Select(a => a.Kind), Does.Contain(AnnouncementKind.RollbackVerified),
            string.Join("\n", announcements.Select(a => a.Message)));
        Assert.Multiple(() =>
        {
            Assert.That(first.Select(a => a.Kind), Does.Contain(AnnouncementKind.Superseded).And.No.Member(AnnouncementKind.Stable),
                "the first release's watch ended when the second deploy merged");
            Assert.That(fixTasks, Has.Count.EqualTo(1));
            Assert.That(fixTasks[0].Kind, Is.EqualTo(FixTaskKind.PerformanceDegradation));
            Assert.That(fixTasks[0].Title, Is.EqualTo($"FIX: Performance degradation in {Target}"));
            Assert.That(fixTasks[0].MergeSha, Is.EqualTo(bad.MergeCommitSha));
            Assert.That(fixTasks[0].LogExcerpt, Does.Contain("p95").And.Contain("≤ 400 ms"), "the samples that failed");
            Assert.That(gitHub.Deployments, Is.EqualTo(new[] { (good.MergeCommitSha, Target), (bad.MergeCommitSha, Target), (good.MergeCommitSha, Target) }),
                "the rollback is a new GitHub Deployment of the last good SHA");
            Assert.That(Production.RunningVersion, Is.EqualTo(good.MergeCommitSha));
            Assert.That(lastKnownGood, Is.EqualTo(good.MergeCommitSha), "the lane's last known good is never the release rolled back");
            Assert.That(announcements.Select(a => a.Kind), Is.SupersetOf(new[] { AnnouncementKind.Failed, AnnouncementKind.RollbackRequested }));
            Assert.That(World.Inbox.Received<RollbackRequested>(DownstreamQueues.Execution).Where(r => r.Repository == repository), Is.Empty,
                "Rollback: Automatic rolls back itself");
        });
    }

    [Test]
    public async Task A_rollback_the_target_never_serves_ends_in_investigation_needed_and_frees_the_lane()
    {
        var repository = World.Repositories[2];
        var good = World.ReadyPullRequest(repository, 1);
        var bad = World.ReadyPullRequest(repository, 2);
        var gitHub = World.GitHub.Repository(repository);
        // The bad release crashes over and over from five seconds after it lands (its smoke tests pass before); the rollback's
        // workflow reports success but never changes what runs (as a deploy job pointing at the wrong cluster would).
        var landed = new HashSet<string>();
        gitHub.OnDeployment(Target, PipelineScript.Succeeding() with
        {
            DeploymentStatuses = [new("in_progress"), new("success")],
            WhenSucceeded = sha =>
            {
                if (!landed.Add(sha))
                    return;
                Production.Land(sha);
                if (sha == bad.MergeCommitSha)
                    Production.Degrade(new TargetDegradation { CrashLoopAfter = TimeSpan.FromSeconds(5) });
            },
        });

        await DeployGoodThenBad(repository);

        var announcements = await AnnouncementsOf(repository, 2, found => found.Any(a => a.Kind == AnnouncementKind.InvestigationNeeded));
        Assert.That(announcements.Select(a => a.Kind), Does.Contain(AnnouncementKind.InvestigationNeeded),
            string.Join("\n", announcements.Select(a => a.Message)));
        var fixTasks = World.Inbox.Received<FixTaskRequested>(DownstreamQueues.Execution).Where(f => f.Repository == repository).ToList();
        var lane = (await World.History.Lanes(repository, Target)).Single();
        var lastKnownGood = await World.History.LastKnownGoodSha(repository, Target);

        Assert.Multiple(() =>
        {
            Assert.That(announcements.Single(a => a.Kind == AnnouncementKind.InvestigationNeeded).Message,
                Does.Contain($"did not serve {good.MergeCommitSha![..7]} within its rollback timeout"));
            Assert.That(announcements.Select(a => a.Kind), Has.No.Member(AnnouncementKind.RollbackVerified));
            Assert.That(fixTasks.Select(f => f.Kind), Does.Contain(FixTaskKind.ServiceCrash), "a target that stops answering crashed");
            Assert.That(lane.Holder, Is.Null, "the lane is free again");
            Assert.That(lane.HeldForRollback, Is.False, "no rollback holds the lane");
            Assert.That(lastKnownGood, Is.EqualTo(good.MergeCommitSha));
        });
    }

    /// <summary>The repository's deploy workflow: each GitHub Deployment lands its SHA on the target, which then degrades as
    /// scripted when <paramref name="degrading"/> says so.</summary>
    PipelineScript DeployWorkflow(string target = Target, Func<string, bool>? degrading = null, TargetDegradation? how = null) =>
        PipelineScript.Succeeding() with
        {
            DeploymentStatuses = [new("in_progress"), new("success")],
            WhenSucceeded = sha =>
            {
                World.Targets[target].Land(sha);
                if (degrading?.Invoke(sha) == true)
                    World.Targets[target].Degrade(how!);
            },
        };

    /// <summary>PR 1 deployed (the last good SHA), then PR 2 requested.</summary>
    async Task DeployGoodThenBad(string repository)
    {
        await World.SendToDeployQueue(SeedTask.Json(repository, 1, Target, $"build-{Guid.NewGuid():N}"));
        await AnnouncementsOf(repository, 1, found => found.Any(a => a.Kind == AnnouncementKind.Succeeded));
        await World.SendToDeployQueue(SeedTask.Json(repository, 2, Target, $"build-{Guid.NewGuid():N}"));
    }

    Task<IReadOnlyList<Announcement>> AnnouncementsOf(string repository, int prNumber, Func<IReadOnlyList<Announcement>, bool> done) =>
        World.Inbox.WaitFor<Announcement>(DownstreamQueues.Announce, a => a.Repository == repository && a.PrNumber == prNumber, done, Bound);
}
