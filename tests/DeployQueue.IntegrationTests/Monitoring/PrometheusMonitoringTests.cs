using DeployQueue.Contracts;
using DeployQueue.IntegrationTests.Infrastructure;
using DeployQueue.Service.Messaging;
using DeployQueue.Simulators.Target;

namespace DeployQueue.IntegrationTests.Monitoring;

/// <summary>
/// Monitoring's Prometheus checks against the real Prometheus of scripts/services.sh, scraping the target simulators'
/// /metrics every second: memory that climbs past its bound fails the release; a query Prometheus refuses is an
/// investigation, never a failure.
/// </summary>
[TestFixture]
public class PrometheusMonitoringTests
{
    static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    EndToEndSystem World = null!;
    readonly List<IAsyncDisposable> _scraped = [];
    // Labels of this fixture's own: series of earlier runs never answer its queries.
    readonly string _climbing = $"climbing-{Guid.NewGuid():N}"[..17];
    readonly string _refused = $"refused-{Guid.NewGuid():N}"[..16];

    [OneTimeSetUp]
    public async Task StartSystem()
    {
        World = await EndToEndSystem.Create(repositories: 2, targets: ["staging", "preview"], settings: new Dictionary<string, string?>
        {
            ["DeployQueue:Prometheus:BaseUrl"] = LocalPrometheus.BaseUrl.ToString(),
            ["DeployQueue:Targets:staging:Monitoring:Window"] = "00:00:30",
            ["DeployQueue:Targets:staging:Monitoring:Interval"] = "00:00:01",
            ["DeployQueue:Targets:staging:Monitoring:Checks:0:Type"] = "Prometheus",
            ["DeployQueue:Targets:staging:Monitoring:Checks:0:Name"] = "memory",
            ["DeployQueue:Targets:staging:Monitoring:Checks:0:Query"] = $"max(process_resident_memory_bytes{{target=\"{_climbing}\"}})",
            ["DeployQueue:Targets:staging:Monitoring:Checks:0:Max"] = "100000000",
            ["DeployQueue:Targets:preview:Monitoring:Window"] = "00:00:06",
            ["DeployQueue:Targets:preview:Monitoring:Interval"] = "00:00:01",
            ["DeployQueue:Targets:preview:Monitoring:InconclusiveLimit"] = "2",
            ["DeployQueue:Targets:preview:Monitoring:Checks:0:Type"] = "Prometheus",
            ["DeployQueue:Targets:preview:Monitoring:Checks:0:Query"] = $"sum(rate(http_requests_total{{target=\"{_refused}\"}}[5s]",
            ["DeployQueue:Targets:preview:Monitoring:Checks:0:Max"] = "1",
            ["DeployQueue:Targets:preview:RollbackOnCriticalFailure"] = "true",
        });
        _scraped.Add(await LocalPrometheus.Scrape(_climbing, World.Targets["staging"].BaseUrl));
        _scraped.Add(await LocalPrometheus.Scrape(_refused, World.Targets["preview"].BaseUrl));
        await World.StartService();
    }

    [OneTimeTearDown]
    public async Task StopSystem()
    {
        foreach (var scraped in _scraped)
            await scraped.DisposeAsync();
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
    public async Task A_query_prometheus_refuses_asks_for_investigation_naming_the_error_and_never_fails_or_rolls_back()
    {
        var repository = World.Repositories[1];
        World.ReadyPullRequest(repository, 1);
        World.GitHub.Repository(repository).OnMerge(World.PipelineLandingOn("preview"));

        await World.SendToDeployQueue(SeedTask.Json(repository, 1, "preview", $"build-{Guid.NewGuid():N}"));

        var announcements = await World.Inbox.WaitFor<Announcement>(DownstreamQueues.Announce, a => a.Repository == repository,
            found => found.Any(a => a.Kind == AnnouncementKind.Stable), Bound);

        Assert.Multiple(() =>
        {
            Assert.That(announcements.Single(a => a.Kind == AnnouncementKind.InvestigationNeeded).Message,
                Does.Contain("Prometheus refused the query (HTTP 400, bad_data)"));
            Assert.That(World.Inbox.Received<FixTaskRequested>(DownstreamQueues.Execution).Where(f => f.Repository == repository), Is.Empty);
            Assert.That(World.Inbox.Received<RollbackRequested>(DownstreamQueues.Execution).Where(r => r.Repository == repository), Is.Empty);
            Assert.That(announcements.Select(a => a.Kind), Has.No.Member(AnnouncementKind.Failed));
        });
    }
}
