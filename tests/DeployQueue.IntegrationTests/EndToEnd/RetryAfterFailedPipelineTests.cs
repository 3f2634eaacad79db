using DeployQueue.Contracts;
using DeployQueue.IntegrationTests.Infrastructure;
using DeployQueue.Service.Messaging;
using DeployQueue.Simulators.GitHub.Scripting;

namespace DeployQueue.IntegrationTests.EndToEnd;

/// <summary>
/// A deploy that failed in its pipeline is requested again once the cause is fixed: the PR is merged already, so the
/// new attempt re-runs the merge's pipeline and goes by the re-run, not by the failure the first attempt reported.
/// </summary>
[TestFixture]
public class RetryAfterFailedPipelineTests : OneServiceFixture
{
    const string Target = "staging";
    static readonly TimeSpan Bound = TimeSpan.FromSeconds(45);

    [Test]
    public async Task A_new_request_after_a_failed_pipeline_re_runs_it_and_succeeds_on_the_green_re_run()
    {
        var repository = World.Repositories[0];
        const int prNumber = 303;
        var pull = World.ReadyPullRequest(repository, prNumber);
        World.GitHub.Repository(repository).OnMerge(
            PipelineScript.FailingIn("deploy", "Error: UPGRADE FAILED: timed out waiting for the condition") with
            {
                OnRerun = World.PipelineLandingOn(Target),
            });

        await World.SendToDeployQueue(SeedTask.Json(repository, prNumber, Target));
        var firstAttempt = await World.WaitForDeploy(repository, prNumber, Bound, "Failed", "Succeeded");
        Assert.That(firstAttempt?.CurrentState, Is.EqualTo("Failed"), "the first attempt fails in its pipeline");
        await NextAttemptStartsAfterTheFirstsPipeline();

        await World.SendToDeployQueue(SeedTask.Json(repository, prNumber, Target));

        var e2e = await World.Inbox.WaitFor<E2ERequested>(DownstreamQueues.E2ETest,
            m => m.Repository == repository && m.PrNumber == prNumber, found => found.Count > 0, Bound);
        var deploy = await World.WaitForDeploy(repository, prNumber, Bound, "Succeeded");
        var fixTasks = World.Inbox.Received<FixTaskRequested>(DownstreamQueues.Execution)
            .Where(f => f.Repository == repository && f.PrNumber == prNumber).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(deploy?.CurrentState, Is.EqualTo("Succeeded"));
            Assert.That(deploy?.Attempt, Is.EqualTo(2));
            Assert.That(e2e, Has.Count.EqualTo(1));
            Assert.That(fixTasks, Has.Count.EqualTo(1), "the first attempt's fix task only");
            Assert.That(pull.Merges, Is.EqualTo(1), "merged once");
            Assert.That(World.GitHub.Repository(repository).WorkflowRuns, Is.EqualTo(new[] { (pull.MergeCommitSha, 2) }),
                "the merge's run, re-run once");
            Assert.That(World.Targets[Target].RunningVersion, Is.EqualTo(pull.MergeCommitSha), "the re-run landed the merge");
        });
    }

    /// <summary>GitHub's timestamps are whole seconds; in life a new request comes long after the failed run started,
    /// here at least in the second after the first attempt ended.</summary>
    static async Task NextAttemptStartsAfterTheFirstsPipeline()
    {
        var ended = DateTimeOffset.UtcNow;
        var nextSecond = ended.AddTicks(-(ended.Ticks % TimeSpan.TicksPerSecond)).AddSeconds(1);
        while (DateTimeOffset.UtcNow < nextSecond) await Task.Delay(nextSecond - DateTimeOffset.UtcNow);
    }
}
