using DeployQueue.Contracts;
using DeployQueue.IntegrationTests.Infrastructure;
using DeployQueue.Service.Messaging;

namespace DeployQueue.IntegrationTests.Monitoring;

/// <summary>
/// Issue 15's bad configuration at run time: a Prometheus that never answers leaves its checks without data. The release is
/// not judged on them: an <see cref="AnnouncementKind.InvestigationNeeded"/> names the check and why, and no fix task or
/// rollback follows, even on a target that rolls back.
/// </summary>
[TestFixture]
public class UnreachablePrometheusTests
{
    // Nothing listens on port 1 of the loopback: every query's connection is refused.
    const string Unreachable = "http://127.0.0.1:1/";
    static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    EndToEndSystem World = null!;

    [OneTimeSetUp]
    public async Task StartSystem()
    {
        World = await EndToEndSystem.Create(repositories: 1, targets: ["preview"], settings: new Dictionary<string, string?>
        {
            ["DeployQueue:Prometheus:BaseUrl"] = Unreachable,
            ["DeployQueue:Targets:preview:Monitoring:Window"] = "00:00:06",
            ["DeployQueue:Targets:preview:Monitoring:Interval"] = "00:00:01",
            ["DeployQueue:Targets:preview:Monitoring:InconclusiveLimit"] = "2",
            ["DeployQueue:Targets:preview:Monitoring:Checks:0:Type"] = "Prometheus",
            ["DeployQueue:Targets:preview:Monitoring:Checks:0:Name"] = "error rate",
            ["DeployQueue:Targets:preview:Monitoring:Checks:0:Query"] = "sum(rate(http_requests_total{code=~\"5..\"}[5s]))",
            ["DeployQueue:Targets:preview:Monitoring:Checks:0:Max"] = "1",
            ["DeployQueue:Targets:preview:RollbackOnCriticalFailure"] = "true",
        });
        await World.StartService();
    }

    [OneTimeTearDown]
    public async Task StopSystem() => await World.DisposeAsync();

    [Test]
    public async Task An_unreachable_prometheus_asks_for_investigation_naming_the_check_and_never_fails_or_rolls_back()
    {
        var repository = World.Repositories[0];
        World.ReadyPullRequest(repository, 1);
        World.GitHub.Repository(repository).OnMerge(World.PipelineLandingOn("preview"));

        await World.SendToDeployQueue(SeedTask.Json(repository, 1, "preview"));

        var announcements = await World.Inbox.WaitFor<Announcement>(DownstreamQueues.Announce, a => a.Repository == repository,
            found => found.Any(a => a.Kind == AnnouncementKind.Stable), Bound);

        Assert.Multiple(() =>
        {
            Assert.That(announcements.Single(a => a.Kind == AnnouncementKind.InvestigationNeeded).Message,
                Does.Contain($"error rate: Prometheus at {Unreachable} refused the connection"));
            Assert.That(World.Inbox.Received<FixTaskRequested>(DownstreamQueues.Execution).Where(f => f.Repository == repository), Is.Empty);
            Assert.That(World.Inbox.Received<RollbackRequested>(DownstreamQueues.Execution).Where(r => r.Repository == repository), Is.Empty);
            Assert.That(announcements.Select(a => a.Kind), Has.No.Member(AnnouncementKind.Failed));
        });
    }
}
