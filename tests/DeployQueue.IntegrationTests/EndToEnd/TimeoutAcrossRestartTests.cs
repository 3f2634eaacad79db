using DeployQueue.Contracts;
using DeployQueue.IntegrationTests.Infrastructure;
using DeployQueue.Service.Messaging;
using DeployQueue.Simulators.GitHub.Scripting;

namespace DeployQueue.IntegrationTests.EndToEnd;

/// <summary>
/// A deploy timeout is a scheduled message kept in PostgreSQL, not a timer in a process: scheduled by one
/// instance, it fires on another after the first is gone.
/// </summary>
[TestFixture]
public class TimeoutAcrossRestartTests
{
    const string Target = "staging";

    // Long enough for the first instance to stop before it comes due, short enough to keep the test quick.
    static readonly TimeSpan DeployTimeout = TimeSpan.FromSeconds(8);
    static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    EndToEndSystem _system = null!;

    [OneTimeSetUp]
    public async Task CreateSystem() => _system = await EndToEndSystem.Create(deployTimeout: DeployTimeout);

    [OneTimeTearDown]
    public async Task StopSystem() => await _system.DisposeAsync();

    [Test]
    public async Task A_deploy_timeout_scheduled_by_a_stopped_instance_fires_on_the_next_and_asks_for_an_investigation()
    {
        var repository = _system.Repositories[0];
        const int prNumber = 505;
        _system.ReadyPullRequest(repository, prNumber);
        _system.GitHub.Repository(repository).OnMerge(PipelineScript.Succeeding(pace: Pace.Over(TimeSpan.FromHours(1))));

        var first = await _system.StartService();
        await _system.SendToDeployQueue(SeedTask.Json(repository, prNumber, Target));
        var deploying = await _system.WaitForDeploy(repository, prNumber, Bound, "Deploying");
        Assert.That(deploying?.CurrentState, Is.EqualTo("Deploying"), "the deploy never reached Deploying");
        await _system.StopService(first);
        var firstStoppedAt = DateTimeOffset.UtcNow;

        var dueAt = await _system.PendingScheduleDueAt(deploying!.DeployTimeoutToken!.Value);
        Assert.That(dueAt, Is.GreaterThan(firstStoppedAt), "the deploy timeout waits in PostgreSQL while no instance runs");

        await _system.StartService();
        var announcements = await _system.Inbox.WaitFor<Announcement>(DownstreamQueues.Announce,
            a => a.Repository == repository && a.PrNumber == prNumber, found => found.Any(a => a.Kind == AnnouncementKind.Failed), Bound);
        var deploy = await _system.Deploy(repository, prNumber, Target);

        var investigation = announcements.Where(a => a.Kind == AnnouncementKind.InvestigationNeeded).ToList();
        Assert.That(investigation, Has.Count.EqualTo(1), "one InvestigationNeeded announcement");
        Assert.Multiple(() =>
        {
            Assert.That(investigation[0].At, Is.GreaterThan(firstStoppedAt), "announced by the second instance");
            Assert.That(investigation[0].Message, Does.Contain("did not finish within"));
            Assert.That(deploy?.CurrentState, Is.EqualTo("Failed"));
            Assert.That(deploy?.Attempt.Outcome, Is.EqualTo("The deployment timed out"));
        });
    }
}
