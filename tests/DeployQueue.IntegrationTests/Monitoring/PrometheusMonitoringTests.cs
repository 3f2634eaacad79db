using DeployQueue.Contracts;
using DeployQueue.IntegrationTests.Infrastructure;
using DeployQueue.Service.Messaging;
using DeployQueue.Simulators.Target;

namespace DeployQueue.IntegrationTests.Monitoring;

/// <summary>
/// Monitoring's Prometheus checks against the real Prometheus of scripts/services.sh, scraping the target simulators'
/// /metrics every second: memory that climbs past its bound fails the release; a canary whose error ratio exceeds the stable
/// version's, in one query naming both ({{canary}}, {{stable}}), is aborted. (A query Prometheus refuses stops the start:
/// ConfigurationTests; an unreachable Prometheus is an investigation: <see cref="UnreachablePrometheusTests"/>.)
/// </summary>
[TestFixture]
public class PrometheusMonitoringTests
{
    static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    EndToEndSystem World = null!;
    IAsyncDisposable _scraped = null!;
    IAsyncDisposable _scrapedCanaries = null!;
    // Labels of this fixture's own: series of earlier runs never answer its queries.
    readonly string _climbing = $"climbing-{Guid.NewGuid():N}"[..17];
    readonly string _canaries = $"canaries-{Guid.NewGuid():N}"[..17];

    /// <summary>The share of a version's answers that are HTTP 500 (0 when it answered no 500 at all).</summary>
    string ErrorRatio(string version) =>
        $"((sum(rate(http_requests_total{{target=\"{_canaries}\",version=\"{version}\",code=\"500\"}}[3s])) or vector(0)) " +
        $"/ sum(rate(http_requests_total{{target=\"{_canaries}\",version=\"{version}\"}}[3s])))";

    [OneTimeSetUp]
    public async Task StartSystem()
    {
        World = await EndToEndSystem.Create(repositories: 2, targets: ["staging", "canaried"], settings: new Dictionary<string, string?>
        {
            // A canary judged by its error ratio over the stable version's, from the series Prometheus scrapes by version.
            ["DeployQueue:Targets:canaried:Trigger"] = "Deployment",
            ["DeployQueue:Targets:canaried:Monitoring:Interval"] = "00:00:01",
            ["DeployQueue:Targets:canaried:Monitoring:InconclusiveLimit"] = "20",
            ["DeployQueue:Targets:canaried:Monitoring:Checks:0:Type"] = "Prometheus",
            ["DeployQueue:Targets:canaried:Monitoring:Checks:0:Name"] = "error ratio over stable",
            ["DeployQueue:Targets:canaried:Monitoring:Checks:0:Query"] = $"{ErrorRatio("{{canary}}")} - {ErrorRatio("{{stable}}")}",
            ["DeployQueue:Targets:canaried:Monitoring:Checks:0:Max"] = "0.1",
            ["DeployQueue:Targets:canaried:Rollout:Steps:0:Weight"] = "50",
            ["DeployQueue:Targets:canaried:Rollout:Steps:0:Pause"] = "00:00:08",
            ["DeployQueue:Targets:canaried:Rollout:Steps:1:Weight"] = "100",
            ["DeployQueue:Prometheus:BaseUrl"] = LocalPrometheus.BaseUrl.ToString(),
            ["DeployQueue:Targets:staging:Monitoring:Window"] = "00:00:30",
            ["DeployQueue:Targets:staging:Monitoring:Interval"] = "00:00:01",
            ["DeployQueue:Targets:staging:Monitoring:Checks:0:Type"] = "Prometheus",
            ["DeployQueue:Targets:staging:Monitoring:Checks:0:Name"] = "memory",
            ["DeployQueue:Targets:staging:Monitoring:Checks:0:Query"] = $"max(process_resident_memory_bytes{{target=\"{_climbing}\"}})",
            ["DeployQueue:Targets:staging:Monitoring:Checks:0:Max"] = "100000000",
        });
        _scraped = await LocalPrometheus.Scrape(_climbing, World.Targets["staging"].BaseUrl);
        _scrapedCanaries = await LocalPrometheus.Scrape(_canaries, World.Targets["canaried"].BaseUrl);
        await World.StartService();
    }

    [OneTimeTearDown]
    public async Task StopSystem()
    {
        await _scraped.DisposeAsync();
        await _scrapedCanaries.DisposeAsync();
        await World.DisposeAsync();
    }

    [Test]
    public async Task Memory_climbing_past_its_bound_in_prometheus_fails_the_release_with_a_performance_fix_task_naming_the_figures()
    {
        var repository = World.Repositories[0];
        var pull = World.ReadyPullRequest(repository, 1);
        // 64 MB at landing, 20 MB more every second: past 100 MB after about two seconds.
        World.GitHub.Repository(repository).OnMerge(World.PipelineLandingOn("staging") with
        {
            WhenSucceeded = sha =>
            {
                World.Targets["staging"].Land(sha);
                World.Targets["staging"].Degrade(new TargetDegradation { MemoryGrowthBytesPerSecond = 20_000_000 });
            },
        });

        await World.SendToDeployQueue(SeedTask.Json(repository, 1, "staging", $"build-{Guid.NewGuid():N}"));

        var fixTasks = await World.Inbox.WaitFor<FixTaskRequested>(DownstreamQueues.Execution, f => f.Repository == repository,
            found => found.Count > 0, Bound);
        var announcements = await World.Inbox.WaitFor<Announcement>(DownstreamQueues.Announce, a => a.Repository == repository,
            found => found.Any(a => a.Kind == AnnouncementKind.Failed), Bound);

        Assert.Multiple(() =>
        {
            Assert.That(fixTasks.Single().Kind, Is.EqualTo(FixTaskKind.PerformanceDegradation));
            Assert.That(fixTasks.Single().MergeSha, Is.EqualTo(pull.MergeCommitSha));
            Assert.That(fixTasks.Single().LogExcerpt, Does.StartWith("memory: 1").And.Contain("bound ≤ 100000000"), "Prometheus's figures");
            Assert.That(announcements.Single(a => a.Kind == AnnouncementKind.Failed).Message, Does.Contain("degraded on staging"));
            Assert.That(announcements.Select(a => a.Kind), Has.No.Member(AnnouncementKind.Stable));
        });
    }

    [Test]
    public async Task A_canary_failing_more_requests_than_the_stable_version_in_one_query_naming_both_is_aborted()
    {
        var repository = World.Repositories[1];
        var (stable, release) = (World.ReadyPullRequest(repository, 1), World.ReadyPullRequest(repository, 2));
        var canaried = World.Targets["canaried"];
        World.GitHub.Repository(repository).OnDeployment("canaried", d => World.RolloutLandingOn("canaried", d, then: () =>
        {
            // Every request the canary answers fails; the stable version's all pass.
            if (d.Sha == release.MergeCommitSha)
                canaried.Degrade(new TargetDegradation { ErrorRateGrowthPerSecond = 1_000, CanaryOnly = true });
        }));
        // The service's users, whose requests Prometheus counts by the version that answered.
        using var users = new CancellationTokenSource();
        var traffic = Users(canaried.BaseUrl, users.Token);

        try
        {
            await World.SendToDeployQueue(SeedTask.Json(repository, 1, "canaried", $"build-{Guid.NewGuid():N}"));
            var first = await World.Inbox.WaitFor<Announcement>(DownstreamQueues.Announce, a => a.Repository == repository && a.PrNumber == 1,
                found => found.Any(a => a.Kind is AnnouncementKind.Succeeded or AnnouncementKind.Failed), Bound);
            Assert.That(first.Select(a => a.Kind), Does.Contain(AnnouncementKind.Succeeded), "the first rollout has no stable version to compare with");

            await World.SendToDeployQueue(SeedTask.Json(repository, 2, "canaried", $"build-{Guid.NewGuid():N}"));
            var announcements = await World.Inbox.WaitFor<Announcement>(DownstreamQueues.Announce, a => a.Repository == repository && a.PrNumber == 2,
                found => found.Any(a => a.Kind is AnnouncementKind.RollbackVerified or AnnouncementKind.InvestigationNeeded), Bound);
            var fixTasks = World.Inbox.Received<FixTaskRequested>(DownstreamQueues.Execution).Where(f => f.Repository == repository).ToList();

            Assert.Multiple(() =>
            {
                Assert.That(announcements.Select(a => a.Kind), Does.Contain(AnnouncementKind.RollbackVerified));
                Assert.That(announcements.Single(a => a.Kind == AnnouncementKind.Failed).Message,
                    Does.Contain("canary 50 % (step 1 of 2) failed its monitoring checks").And.Contain("error ratio over stable"));
                // (The canary's version endpoint fails too, a HealthCheckFailure of its own: all its answers are errors.)
                Assert.That(fixTasks.Select(f => f.PrNumber), Is.Not.Empty.And.All.EqualTo(2));
                Assert.That(fixTasks.Single(f => f.Kind == FixTaskKind.PerformanceDegradation).LogExcerpt,
                    Does.StartWith("error ratio over stable: ").And.Contain("bound ≤ 0.1"), "Prometheus's figure for the query naming both versions");
                Assert.That(canaried.RunningVersion, Is.EqualTo(stable.MergeCommitSha));
            });
        }
        finally
        {
            await users.CancelAsync();
            await traffic;
        }
    }

    /// <summary>A request every 20 ms to the target's products, until cancelled.</summary>
    static async Task Users(string baseUrl, CancellationToken stop)
    {
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var _ = await http.GetAsync(TargetSimulator.ProductsPath.TrimStart('/'), stop);
                await Task.Delay(20, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
