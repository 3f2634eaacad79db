using DeployQueue.Contracts;
using DeployQueue.IntegrationTests.Infrastructure;
using DeployQueue.Service.Messaging;
using DeployQueue.Simulators.Target;

namespace DeployQueue.IntegrationTests.Monitoring;

/// <summary>
/// Monitoring's Prometheus checks against the real Prometheus of scripts/services.sh, scraping the target simulators'
/// /metrics every second: memory that climbs past its bound fails the release. (A query Prometheus refuses stops the start:
/// ConfigurationTests; an unreachable Prometheus is an investigation: <see cref="UnreachablePrometheusTests"/>.)
/// </summary>
[TestFixture]
public class PrometheusMonitoringTests
{
    static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    EndToEndSystem World = null!;
    IAsyncDisposable _scraped = null!;
    // Labels of this fixture's own: series of earlier runs never answer its queries.
    readonly string _climbing = $"climbing-{Guid.NewGuid():N}"[..17];

    [OneTimeSetUp]
    public async Task StartSystem()
    {
        World = await EndToEndSystem.Create(repositories: 1, targets: ["staging"], settings: new Dictionary<string, string?>
        {
            ["DeployQueue:Prometheus:BaseUrl"] = LocalPrometheus.BaseUrl.ToString(),
            ["DeployQueue:Targets:staging:Monitoring:Window"] = "00:00:30",
            ["DeployQueue:Targets:staging:Monitoring:Interval"] = "00:00:01",
            ["DeployQueue:Targets:staging:Monitoring:Checks:0:Type"] = "Prometheus",
            ["DeployQueue:Targets:staging:Monitoring:Checks:0:Name"] = "memory",
            ["DeployQueue:Targets:staging:Monitoring:Checks:0:Query"] = $"max(process_resident_memory_bytes{{target=\"{_climbing}\"}})",
            ["DeployQueue:Targets:staging:Monitoring:Checks:0:Max"] = "100000000",
        });
        _scraped = await LocalPrometheus.Scrape(_climbing, World.Targets["staging"].BaseUrl);
        await World.StartService();
    }

    [OneTimeTearDown]
    public async Task StopSystem()
    {
        await _scraped.DisposeAsync();
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
}
