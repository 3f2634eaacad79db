using DeployQueue.Contracts;
using DeployQueue.IntegrationTests.Infrastructure;
using DeployQueue.Service.Messaging;

namespace DeployQueue.IntegrationTests.Lifecycle;

/// <summary>
/// An instance stopped as an orchestrator stops it (SIGTERM: the host's graceful stop) while a consumer is
/// mid-way through GitHub: it finishes that work before it exits, and the next instance takes the deploy on.
/// </summary>
[TestFixture]
public class GracefulShutdownTests
{
    const string Target = "staging";
    static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Test]
    public async Task A_merge_in_flight_when_the_instance_stops_completes_and_the_deploy_goes_on_elsewhere()
    {
        await using var system = await EndToEndSystem.Create();
        var repository = system.Repositories[0];
        var pull = system.ReadyPullRequest(repository, 1);
        system.GitHub.Repository(repository).OnMerge(system.PipelineLandingOn(Target));
        var first = await system.StartService();

        // Every GitHub call takes a while, so the merge consumer is still at work when the stop arrives.
        system.GitHub.Faults.Latency = TimeSpan.FromMilliseconds(700);
        await system.SendToDeployQueue(SeedTask.Json(repository, 1, Target));
        var gateStarted = await Eventually.Poll(() => Task.FromResult(system.GitHub.Requests.Spent), spent => spent >= 1, Bound);
        Assert.That(gateStarted, Is.GreaterThanOrEqualTo(1), "the merge consumer never called GitHub");

        await system.StopService(first);
        Assert.That(pull.Merges, Is.EqualTo(1), "the merge in flight completed before the instance exited");

        system.GitHub.Faults.Latency = TimeSpan.Zero;
        await system.StartService();
        var deploy = await system.WaitForDeploy(repository, 1, Bound, "Succeeded", "Failed");
        var e2e = await system.Inbox.WaitFor<E2ERequested>(DownstreamQueues.E2ETest, e => e.Repository == repository, found => found.Count > 0, Bound);

        Assert.Multiple(() =>
        {
            Assert.That(deploy?.CurrentState, Is.EqualTo("Succeeded"), deploy?.Attempt.Outcome);
            Assert.That(pull.Merges, Is.EqualTo(1), "merged once, never again");
            Assert.That(e2e.Single().MergeSha, Is.EqualTo(pull.MergeCommitSha));
        });
    }
}
