using System.Collections.Concurrent;
using DeployQueue.Contracts;
using DeployQueue.IntegrationTests.Infrastructure;
using DeployQueue.Service.Messaging;
using DeployQueue.Simulators.GitHub.Scripting;
using DeployQueue.Simulators.Target;

namespace DeployQueue.IntegrationTests.Monitoring;

/// <summary>
/// A failed deploy's rollback end to end (issue 15): the service on RabbitMQ and PostgreSQL, GitHub through Octokit on the
/// GitHub simulator, the target simulator. A release that crashes fails its smoke tests; the lane's monitor creates one
/// GitHub Deployment of the last good SHA, holds the lane, and announces RollbackVerified once the target serves that SHA.
/// The target has no monitoring window: its interval is how often the rollback is checked.
/// </summary>
[TestFixture]
public class FailedDeployRollbackTests
{
    const string Target = "prod";
    static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    EndToEndSystem World = null!;

    [OneTimeSetUp]
    public async Task StartSystem()
    {
        const string key = $"DeployQueue:Targets:{Target}:";
        World = await EndToEndSystem.Create(targets: [Target], settings: new Dictionary<string, string?>
        {
            [key + "Trigger"] = "Deployment",
            [key + "RollbackOnCriticalFailure"] = "true",
            [key + "Rollback"] = "Automatic",
            [key + "Timeouts:Smoke"] = "00:00:05",
            [key + "Timeouts:Rollback"] = "00:01:00",
            [key + "Monitoring:Interval"] = "00:00:00.5",
        });
        await World.StartService();
    }

    [OneTimeTearDown]
    public async Task StopSystem() => await World.DisposeAsync();

    [Test]
    public async Task A_release_that_crashes_in_its_smoke_tests_is_rolled_back_by_one_deployment_of_the_good_sha_verified_before_the_next_deploy_goes()
    {
        var repository = World.Repositories[0];
        var good = World.ReadyPullRequest(repository, 1);
        var bad = World.ReadyPullRequest(repository, 2);
        var next = World.ReadyPullRequest(repository, 3);
        var gitHub = World.GitHub.Repository(repository);
        var target = World.Targets[Target];
        // Each Deployment's workflow lands its SHA; the bad one crashes on every request from the start. The rollback's run is
        // held back: the test lands it once the next deploy waits for the lane.
        var landings = new ConcurrentDictionary<string, int>();
        var rollbackRan = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gitHub.OnDeployment(Target, PipelineScript.Succeeding() with
        {
            DeploymentStatuses = [new("in_progress"), new("success")],
            WhenSucceeded = sha =>
            {
                if (landings.AddOrUpdate(sha, 1, (_, n) => n + 1) > 1 && sha == good.MergeCommitSha)
                {
                    rollbackRan.TrySetResult();
                    return;
                }
                target.Land(sha);
                if (sha == bad.MergeCommitSha)
                    target.Degrade(new TargetDegradation { CrashLoopAfter = TimeSpan.Zero });
            },
        });

        await World.SendToDeployQueue(SeedTask.Json(repository, 1, Target, $"build-{Guid.NewGuid():N}"));
        await AnnouncementsOf(repository, 1, found => found.Any(a => a.Kind == AnnouncementKind.Succeeded));
        await World.SendToDeployQueue(SeedTask.Json(repository, 2, Target, $"build-{Guid.NewGuid():N}"));
        var failed = await AnnouncementsOf(repository, 2, found => found.Any(a => a.Kind == AnnouncementKind.Failed));
        Assert.That(failed.Select(a => a.Kind), Does.Contain(AnnouncementKind.Failed), string.Join("\n", failed.Select(a => a.Message)));
        await World.SendToDeployQueue(SeedTask.Json(repository, 3, Target, $"build-{Guid.NewGuid():N}"));
        await AnnouncementsOf(repository, 3, found => found.Any(a => a.Kind == AnnouncementKind.Started));
        Assert.That(await Task.WhenAny(rollbackRan.Task, Task.Delay(Bound)), Is.SameAs(rollbackRan.Task), "no rollback deployment ran");
        target.Land(good.MergeCommitSha!);

        var rolledBack = await AnnouncementsOf(repository, 2, found => found.Any(a => a.Kind is AnnouncementKind.RollbackVerified
            or AnnouncementKind.InvestigationNeeded));
        var third = await AnnouncementsOf(repository, 3, found => found.Any(a => a.Kind is AnnouncementKind.Succeeded or AnnouncementKind.Failed));
        Assert.That(rolledBack.Select(a => a.Kind), Does.Contain(AnnouncementKind.RollbackVerified), string.Join("\n", rolledBack.Select(a => a.Message)));
        var verified = rolledBack.Single(a => a.Kind == AnnouncementKind.RollbackVerified);
        var fixTasks = World.Inbox.Received<FixTaskRequested>(DownstreamQueues.Execution).Where(f => f.Repository == repository).ToList();
        var lastKnownGood = await World.History.LastKnownGoodSha(repository, Target);

        Assert.Multiple(() =>
        {
            Assert.That(gitHub.Deployments, Is.EqualTo(new[]
            {
                (good.MergeCommitSha, Target), (bad.MergeCommitSha, Target), (good.MergeCommitSha, Target), (next.MergeCommitSha, Target),
            }), "one rollback Deployment, of the last good SHA, before the next deploy's");
            Assert.That(verified.Message, Does.Contain($"serves {good.MergeCommitSha![..7]} again, rolled back from {bad.MergeCommitSha![..7]}"));
            Assert.That(rolledBack.Select(a => a.Kind), Does.Contain(AnnouncementKind.RollbackRequested).And.No.Member(AnnouncementKind.InvestigationNeeded));
            Assert.That(fixTasks.Select(f => (f.PrNumber, f.Kind)), Is.EqualTo(new[] { (2, FixTaskKind.ServiceCrash) }));
            Assert.That(third.Single(a => a.Kind == AnnouncementKind.Started).At, Is.LessThan(verified.At), "the next deploy queued while the rollback ran");
            Assert.That(third.Select(a => a.Kind), Does.Contain(AnnouncementKind.Succeeded), string.Join("\n", third.Select(a => a.Message)));
            Assert.That(third.Single(a => a.Kind == AnnouncementKind.Merged).At, Is.GreaterThan(verified.At),
                "the lane was held until the rollback was verified");
            Assert.That(lastKnownGood, Is.EqualTo(next.MergeCommitSha));
            Assert.That(World.Inbox.Received<RollbackRequested>(DownstreamQueues.Execution).Where(r => r.Repository == repository), Is.Empty,
                "Rollback: Automatic rolls back itself");
        });
    }

    Task<IReadOnlyList<Announcement>> AnnouncementsOf(string repository, int prNumber, Func<IReadOnlyList<Announcement>, bool> done) =>
        World.Inbox.WaitFor<Announcement>(DownstreamQueues.Announce, a => a.Repository == repository && a.PrNumber == prNumber, done, Bound);
}
