using DeployQueue.Contracts;
using DeployQueue.Domain.Policies;
using DeployQueue.IntegrationTests.Infrastructure;
using DeployQueue.Service.Messaging;
using DeployQueue.Simulators.GitHub;
using DeployQueue.Simulators.GitHub.Scripting;
using DeployQueue.Simulators.Target;

namespace DeployQueue.IntegrationTests.Monitoring;

/// <summary>
/// A progressive rollout end to end (issue 20): the service on RabbitMQ and PostgreSQL, GitHub through Octokit on the GitHub
/// simulator, the target simulator serving two versions by the weight each step's Deployment payload carries. Three steps,
/// 10 % and 50 % judged for a few seconds each by an HTTP check of ten requests an interval (so each interval reaches the
/// canary at 10 %), then 100 %. The first PR of each test rolls out onto a target with nothing known before it; the second
/// rolls out against it as the stable version.
/// </summary>
[TestFixture]
public class RolloutTests
{
    const string Target = "prod";
    /// <summary>A blue-green target: the new version deployed beside the live one (0 %, checked at its own URL), then switched to.</summary>
    const string BlueGreen = "bluegreen";
    static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);

    EndToEndSystem World = null!;

    [OneTimeSetUp]
    public async Task StartSystem()
    {
        World = await EndToEndSystem.Create(repositories: 5, targets: [Target, BlueGreen], settings: Settings());
        await World.StartService();
    }

    [OneTimeTearDown]
    public async Task StopSystem() => await World.DisposeAsync();

    static Dictionary<string, string?> Settings()
    {
        const string pause = "00:00:03";
        var settings = RolloutSettings(Target, pause, 10, 50, 100);
        foreach (var (key, value) in RolloutSettings(BlueGreen, pause, 0, 100))
            settings[key] = value;
        return settings;
    }

    static Dictionary<string, string?> RolloutSettings(string target, string pause, params int[] weights)
    {
        var key = $"DeployQueue:Targets:{target}:";
        var settings = new Dictionary<string, string?>
        {
            [key + "Trigger"] = "Deployment",
            [key + "Timeouts:Smoke"] = "00:00:10",
            [key + "Timeouts:Rollback"] = "00:01:00",
            [key + "Monitoring:Interval"] = "00:00:00.5",
            [key + "Monitoring:FailureLimit"] = "2",
            [key + "Monitoring:Checks:0:Type"] = "Http",
            [key + "Monitoring:Checks:0:Path"] = TargetSimulator.ProductsPath,
            [key + "Monitoring:Checks:0:Requests"] = "10",
        };
        for (var i = 0; i < weights.Length; i++)
        {
            settings[key + $"Rollout:Steps:{i}:Weight"] = weights[i].ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (i < weights.Length - 1)
                settings[key + $"Rollout:Steps:{i}:Pause"] = pause;
        }
        return settings;
    }

    [Test]
    public async Task A_three_step_rollout_is_promoted_to_100_percent_one_deployment_per_step_with_its_weight()
    {
        var repository = World.Repositories[0];
        var (stable, release) = (World.ReadyPullRequest(repository, 1), World.ReadyPullRequest(repository, 2));
        World.GitHub.Repository(repository).OnDeployment(Target, d => Landing(World, d));

        await DeployedStable(repository);
        await World.SendToDeployQueue(SeedTask.Json(repository, 2, Target, $"build-{Guid.NewGuid():N}"));
        var announcements = await AnnouncementsOf(World, repository, 2,
            found => found.Any(a => a.Kind is AnnouncementKind.Succeeded or AnnouncementKind.Failed));
        var history = await World.History.ForPullRequest(repository, 2, Target);

        Assert.Multiple(() =>
        {
            Assert.That(announcements.Select(a => a.Kind), Does.Contain(AnnouncementKind.Succeeded), Messages(announcements));
            Assert.That(StepsOf(repository, release.MergeCommitSha!), Is.EqualTo(new[]
            {
                (release.MergeCommitSha, (int?)10, (int?)1, stable.MergeCommitSha), (release.MergeCommitSha, 50, 2, stable.MergeCommitSha),
                (release.MergeCommitSha, 100, 3, stable.MergeCommitSha),
            }), "one Deployment per step, each carrying its weight and the stable SHA");
            Assert.That(announcements.Where(a => a.Kind == AnnouncementKind.Deployed).Select(a => a.Message),
                Has.Some.Contains("canary 10 % (step 1 of 3)").And.Some.Contains("canary 50 % (step 2 of 3)"));
            Assert.That(World.Targets[Target].RunningVersion, Is.EqualTo(release.MergeCommitSha));
            Assert.That(history.Where(t => t.ToState == "StepPassed").Select(t => t.Cause).ToList(), Has.Count.EqualTo(2)
                .And.Some.EndsWith("(canary 10 % (step 1 of 3))").And.Some.EndsWith("(canary 50 % (step 2 of 3))"),
                "the deploy's history shows each step judged");
        });
    }

    [Test]
    public async Task A_canary_whose_error_rate_rises_is_aborted_at_10_percent_with_traffic_back_on_the_stable_sha_verified()
    {
        var repository = World.Repositories[1];
        var (stable, release) = (World.ReadyPullRequest(repository, 1), World.ReadyPullRequest(repository, 2));
        World.ReadyPullRequest(repository, 3);
        var target = World.Targets[Target];
        World.GitHub.Repository(repository).OnDeployment(Target, d => Landing(World, d, then: () =>
        {
            // The release fails one request in every second it runs, then all of them; only the canary's requests.
            if (d.Sha == release.MergeCommitSha)
                target.Degrade(new TargetDegradation { ErrorRateGrowthPerSecond = 1, CanaryOnly = true });
        }));

        await DeployedStable(repository);
        await World.SendToDeployQueue(SeedTask.Json(repository, 2, Target, $"build-{Guid.NewGuid():N}"));
        await AnnouncementsOf(World, repository, 2, found => found.Any(a => a.Kind == AnnouncementKind.Failed));
        await World.SendToDeployQueue(SeedTask.Json(repository, 3, Target, $"build-{Guid.NewGuid():N}"));
        var announcements = await AnnouncementsOf(World, repository, 2, found => found.Any(a => a.Kind is AnnouncementKind.RollbackVerified
            or AnnouncementKind.InvestigationNeeded));
        // PR 3 rolls out once the lane is back; the test ends with it, so that it changes the target no other test uses meanwhile.
        var next = await AnnouncementsOf(World, repository, 3, found => found.Any(a => a.Kind is AnnouncementKind.Succeeded or AnnouncementKind.Failed));
        var fixTasks = World.Inbox.Received<FixTaskRequested>(DownstreamQueues.Execution).Where(f => f.Repository == repository).ToList();
        var created = World.GitHub.Repository(repository).CreatedDeployments;

        Assert.Multiple(() =>
        {
            Assert.That(announcements.Select(a => a.Kind), Does.Contain(AnnouncementKind.RollbackVerified).And.No.Member(AnnouncementKind.InvestigationNeeded),
                Messages(announcements));
            Assert.That(announcements.Single(a => a.Kind == AnnouncementKind.Failed).Message,
                Does.Contain("canary 10 % (step 1 of 3) failed its monitoring checks"));
            Assert.That(StepsOf(repository, release.MergeCommitSha!).Select(s => s.Weight), Is.EqualTo(new int?[] { 10 }), "aborted at 10 %");
            Assert.That(created.Select(d => (d.Sha, d.Weight, d.Canary, d.Stable)), Has.One.EqualTo(
                (stable.MergeCommitSha, (int?)0, release.MergeCommitSha, stable.MergeCommitSha)), "the abort: the stable SHA, weight 0 for the release");
            Assert.That(announcements.Single(a => a.Kind == AnnouncementKind.RollbackVerified).Message,
                Does.Contain($"serves {stable.MergeCommitSha![..7]} again, rolled back from {release.MergeCommitSha![..7]}"));
            Assert.That(fixTasks.Select(f => (f.PrNumber, f.Stage)), Is.Not.Empty.And.All.EqualTo((2, DeployStage.Monitoring)));
            Assert.That(fixTasks[0].Description, Does.Contain("canary 10 % (step 1 of 3)").And.Contain("HTTP 500"));
            Assert.That(next.Select(a => a.Kind), Does.Contain(AnnouncementKind.Succeeded), Messages(next));
            Assert.That(next.Single(a => a.Kind == AnnouncementKind.Merged).At,
                Is.GreaterThan(announcements.Single(a => a.Kind == AnnouncementKind.RollbackVerified).At), "the lane was held through the abort");
        });
    }

    [Test]
    public async Task A_step_whose_deployment_fails_aborts_the_rollout_back_to_the_stable_sha_and_a_retry_rolls_out_again_from_step_one()
    {
        var repository = World.Repositories[2];
        var (stable, release) = (World.ReadyPullRequest(repository, 1), World.ReadyPullRequest(repository, 2));
        World.GitHub.Repository(repository).OnDeployment(Target, d => d.Sha == release.MergeCommitSha && d.Weight == 50
            ? PipelineScript.FailingIn("deploy", "Error: UPGRADE FAILED: timed out waiting for the condition") with
            {
                DeploymentStatuses = [new("in_progress"), new("failure", "helm upgrade timed out")],
            }
            : Landing(World, d));

        await DeployedStable(repository);
        await World.SendToDeployQueue(SeedTask.Json(repository, 2, Target, $"build-{Guid.NewGuid():N}"));
        var announcements = await AnnouncementsOf(World, repository, 2, found => found.Any(a => a.Kind is AnnouncementKind.RollbackVerified
            or AnnouncementKind.InvestigationNeeded));

        Assert.Multiple(() =>
        {
            Assert.That(announcements.Select(a => a.Kind), Does.Contain(AnnouncementKind.RollbackVerified), Messages(announcements));
            Assert.That(announcements.Single(a => a.Kind == AnnouncementKind.Failed).Message,
                Does.Contain("The deployment of canary 50 % (step 2 of 3) failed"));
            Assert.That(StepsOf(repository, release.MergeCommitSha!).Select(s => s.Weight), Is.EqualTo(new int?[] { 10, 50 }));
            Assert.That(World.Targets[Target].RunningVersion, Is.EqualTo(stable.MergeCommitSha));
        });

        // The deploy job fixed, the release asked for again: the abort's Deployment of the stable SHA is newer than the first
        // attempt's steps, and must not pass for a newer release that this one would roll back.
        World.GitHub.Repository(repository).OnDeployment(Target, d => Landing(World, d));
        await World.SendToDeployQueue(SeedTask.Json(repository, 2, Target, $"build-{Guid.NewGuid():N}"));
        var retried = await AnnouncementsOf(World, repository, 2, found => found.Any(a => a.Kind == AnnouncementKind.Succeeded)
            || found.Count(a => a.Kind is AnnouncementKind.Failed) > 1);

        Assert.Multiple(() =>
        {
            Assert.That(retried.Select(a => a.Kind), Does.Contain(AnnouncementKind.Succeeded), Messages(retried));
            Assert.That(StepsOf(repository, release.MergeCommitSha!).Select(s => s.Weight), Is.EqualTo(new int?[] { 10, 50, 10, 50, 100 }),
                "the retry's steps, from the first");
            Assert.That(World.Targets[Target].RunningVersion, Is.EqualTo(release.MergeCommitSha));
        });
    }

    [Test]
    public async Task A_blue_green_preview_checked_at_its_own_url_is_switched_to_while_the_live_version_serves_until_then()
    {
        var repository = World.Repositories[3];
        var (stable, release) = (World.ReadyPullRequest(repository, 1), World.ReadyPullRequest(repository, 2));
        await using var green = await TargetSimulator.StartAsync("bluegreen-green", runningVersion: "0000000000000000000000000000000000000000");
        var live = World.Targets[BlueGreen];
        (string? Serving, int PreviewRequests)? atTheSwitch = null;
        World.GitHub.Repository(repository).OnDeployment(BlueGreen, d =>
        {
            if (d.Sha == release.MergeCommitSha && d.Weight == 100)
                atTheSwitch = (live.RunningVersion, green.RequestCount);
            return BlueGreenLanding(World, green, d);
        });

        await DeployedStable(repository, BlueGreen);
        await World.SendToDeployQueue(SeedTask.Json(repository, 2, BlueGreen, $"build-{Guid.NewGuid():N}"));
        var announcements = await AnnouncementsOf(World, repository, 2,
            found => found.Any(a => a.Kind is AnnouncementKind.Succeeded or AnnouncementKind.Failed));

        Assert.Multiple(() =>
        {
            Assert.That(announcements.Select(a => a.Kind), Does.Contain(AnnouncementKind.Succeeded), Messages(announcements));
            Assert.That(StepsOf(repository, release.MergeCommitSha!).Select(s => (s.Weight, s.Step)), Is.EqualTo(new[] { ((int?)0, (int?)1), (100, 2) }));
            Assert.That(announcements.Where(a => a.Kind == AnnouncementKind.Deployed).Select(a => a.Message), Has.Some.Contains("preview 0 % (step 1 of 2)"));
            Assert.That(atTheSwitch?.Serving, Is.EqualTo(stable.MergeCommitSha), "the live target served the stable version until the switch");
            Assert.That(atTheSwitch?.PreviewRequests, Is.GreaterThan(0), "the preview was checked at its own URL before the switch");
            Assert.That(live.RunningVersion, Is.EqualTo(release.MergeCommitSha));
        });
    }

    [Test]
    public async Task A_blue_green_preview_failing_its_checks_is_never_switched_to_and_the_live_version_is_verified()
    {
        var repository = World.Repositories[4];
        var (stable, release) = (World.ReadyPullRequest(repository, 1), World.ReadyPullRequest(repository, 2));
        await using var green = await TargetSimulator.StartAsync("bluegreen-green", runningVersion: "0000000000000000000000000000000000000000");
        World.GitHub.Repository(repository).OnDeployment(BlueGreen, d => BlueGreenLanding(World, green, d, then: () =>
        {
            if (d.Sha == release.MergeCommitSha)
                green.Degrade(new TargetDegradation { ErrorRateGrowthPerSecond = 1_000 });
        }));

        await DeployedStable(repository, BlueGreen);
        var previewRequests = green.RequestCount;
        await World.SendToDeployQueue(SeedTask.Json(repository, 2, BlueGreen, $"build-{Guid.NewGuid():N}"));
        var announcements = await AnnouncementsOf(World, repository, 2, found => found.Any(a => a.Kind is AnnouncementKind.RollbackVerified
            or AnnouncementKind.InvestigationNeeded));
        var fixTasks = World.Inbox.Received<FixTaskRequested>(DownstreamQueues.Execution).Where(f => f.Repository == repository).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(announcements.Select(a => a.Kind), Does.Contain(AnnouncementKind.RollbackVerified), Messages(announcements));
            Assert.That(announcements.Single(a => a.Kind == AnnouncementKind.Failed).Message,
                Does.Contain("preview 0 % (step 1 of 2) failed its monitoring checks"));
            Assert.That(StepsOf(repository, release.MergeCommitSha!).Select(s => s.Weight), Is.EqualTo(new int?[] { 0 }), "never switched to");
            Assert.That(fixTasks.Select(f => f.PrNumber), Is.Not.Empty.And.All.EqualTo(2));
            Assert.That(fixTasks[0].Description, Does.Contain("preview 0 % (step 1 of 2)").And.Contain("HTTP 500"));
            Assert.That(World.Targets[BlueGreen].RunningVersion, Is.EqualTo(stable.MergeCommitSha));
            Assert.That(green.RequestCount - previewRequests, Is.GreaterThanOrEqualTo(2 * 11),
                "the two failing intervals (ten requests and a version check each) went to the preview");
        });
    }

    [Test]
    public async Task An_instance_killed_between_steps_resumes_the_rollout_without_repeating_a_steps_deployment()
    {
        await using var system = await EndToEndSystem.Create(targets: [Target], settings: RolloutSettings(Target, "00:00:06", 10, 50, 100));
        var repository = system.Repositories[0];
        var release = system.ReadyPullRequest(repository, 1);
        system.GitHub.Repository(repository).OnDeployment(Target, d => Landing(system, d));
        var store = new SagaStore(system.Database);
        var deployId = DeployIdentity.DeployId(repository, 1, Target);

        await using var services = new ServiceProcesses(system);
        try
        {
            await services.Start();
            await system.SendToDeployQueue(SeedTask.Json(repository, 1, Target, $"build-{Guid.NewGuid():N}"));
            // Killed while the first step is judged: the next instance takes the verdict and deploys step 2 once.
            var judged = await Eventually.Poll(() => store.Deploy(deployId), d => d?.Attempt is { Canary.Number: 1, CanaryJudged: true }, Bound);
            Assert.That(judged?.Attempt.CanaryJudged, Is.True, "the first step is judged");
            await services.KillAndRestart(0);
            // And again while the second step's Deployment is watched or judged.
            await Eventually.Poll(() => store.Deploy(deployId), d => d?.Attempt.Canary?.Number == 2, Bound);
            await services.KillAndRestart(0);

            var announcements = await AnnouncementsOf(system, repository, 1, found => found.Any(a => a.Kind is AnnouncementKind.Succeeded
                or AnnouncementKind.Failed));
            await Eventually.Poll(store.OutboxLeft, n => n == 0, TimeSpan.FromSeconds(30));
            await system.Inbox.Collect();

            Assert.Multiple(() =>
            {
                Assert.That(announcements.Select(a => a.Kind), Does.Contain(AnnouncementKind.Succeeded), Messages(announcements));
                Assert.That(system.GitHub.Repository(repository).CreatedDeployments.Select(d => d.Weight), Is.EqualTo(new int?[] { 10, 50, 100 }),
                    "each step's Deployment created once, through both kills");
                Assert.That(system.Inbox.ReceivedWithIds<Announcement>(DownstreamQueues.Announce)
                    .Where(a => a.Message.Repository == repository && a.Message.Kind == AnnouncementKind.Succeeded)
                    .Select(a => a.MessageId).Distinct().Count(), Is.EqualTo(1));
            });
        }
        catch
        {
            services.WriteOutputs();
            throw;
        }
    }

    /// <summary>PR 1 deployed (rolled out onto a target with nothing known before it): the stable version for PR 2.</summary>
    async Task DeployedStable(string repository, string target = Target)
    {
        await World.SendToDeployQueue(SeedTask.Json(repository, 1, target, $"build-{Guid.NewGuid():N}"));
        var first = await AnnouncementsOf(World, repository, 1, found => found.Any(a => a.Kind is AnnouncementKind.Succeeded or AnnouncementKind.Failed));
        Assert.That(first.Select(a => a.Kind), Does.Contain(AnnouncementKind.Succeeded), Messages(first));
    }

    static PipelineScript Landing(EndToEndSystem system, CreatedDeployment deployment, Action? then = null) =>
        system.RolloutLandingOn(Target, deployment, then);

    /// <summary>The blue-green workflow as README's contract has it: a Deployment at weight 0 of its canary SHA deploys the new version
    /// beside the live one (on <paramref name="green"/>) and reports its URL as the status's environment_url; a Deployment at weight 0 of
    /// the stable SHA (an abort) leaves the live version as it is; any other switches the live target to its SHA.</summary>
    static PipelineScript BlueGreenLanding(EndToEndSystem system, TargetSimulator green, CreatedDeployment deployment, Action? then = null)
    {
        var preview = deployment is { Weight: 0 } && deployment.Sha == deployment.Canary;
        return PipelineScript.Succeeding() with
        {
            DeploymentStatuses = [new("in_progress"), new("success", EnvironmentUrl: preview ? green.BaseUrl : null)],
            WhenSucceeded = _ =>
            {
                if (preview)
                    green.Land(deployment.Sha);
                else if (deployment.Weight != 0)
                    system.Targets[BlueGreen].Land(deployment.Sha);
                then?.Invoke();
            },
        };
    }

    IEnumerable<(string Sha, int? Weight, int? Step, string? Stable)> StepsOf(string repository, string sha) =>
        World.GitHub.Repository(repository).CreatedDeployments.Where(d => d.Sha == sha).Select(d => (d.Sha, d.Weight, d.Step, d.Stable));

    static Task<IReadOnlyList<Announcement>> AnnouncementsOf(EndToEndSystem system, string repository, int prNumber,
        Func<IReadOnlyList<Announcement>, bool> done) =>
        system.Inbox.WaitFor<Announcement>(DownstreamQueues.Announce, a => a.Repository == repository && a.PrNumber == prNumber, done, Bound);

    static string Messages(IEnumerable<Announcement> announcements) => string.Join("\n", announcements.Select(a => $"{a.Kind}: {a.Message}"));
}
