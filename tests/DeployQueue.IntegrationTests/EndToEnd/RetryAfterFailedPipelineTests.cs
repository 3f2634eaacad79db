using DeployQueue.Contracts;
using DeployQueue.IntegrationTests.Infrastructure;
using DeployQueue.Service.Messaging;
using DeployQueue.Simulators.GitHub.Scripting;

namespace DeployQueue.IntegrationTests.EndToEnd;

/// <summary>
/// A deploy that failed in its pipeline is requested again once the cause is fixed: the PR is merged already, so the
/// new attempt re-runs the merge's pipeline and goes by the re-run, not by the failure the first attempt reported;
/// unless a newer merge was deployed since, which the re-run would roll back. A first attempt goes by its merge's
/// pipeline whatever GitHub's clock says.
/// </summary>
[TestFixture]
public class RetryAfterFailedPipelineTests : OneServiceFixture
{
    const string Target = "staging";
    static readonly TimeSpan Bound = TimeSpan.FromSeconds(45);

    /// <summary>A pipeline failing in its deploy job. It runs for more than a second: in life an attempt ends minutes
    /// after its pipeline started, and GitHub's timestamps are whole seconds.</summary>
    static PipelineScript FailingPipeline() =>
        PipelineScript.FailingIn("deploy", "Error: UPGRADE FAILED: timed out waiting for the condition", pace: Pace.Over(TimeSpan.FromSeconds(1.5)));

    [Test]
    public async Task A_new_request_after_a_failed_pipeline_re_runs_it_and_succeeds_on_the_green_re_run()
    {
        var repository = World.Repositories[0];
        const int prNumber = 303;
        var pull = World.ReadyPullRequest(repository, prNumber).OnMerge(FailingPipeline() with { OnRerun = World.PipelineLandingOn(Target) });

        await World.SendToDeployQueue(SeedTask.Json(repository, prNumber, Target));
        var firstAttempt = await World.WaitForDeploy(repository, prNumber, Bound, "Failed", "Succeeded");
        Assert.That(firstAttempt?.CurrentState, Is.EqualTo("Failed"), "the first attempt fails in its pipeline");

        await World.SendToDeployQueue(SeedTask.Json(repository, prNumber, Target));

        var e2e = await World.Inbox.WaitFor<E2ERequested>(DownstreamQueues.E2ETest,
            m => m.Repository == repository && m.PrNumber == prNumber, found => found.Count > 0, Bound);
        var deploy = await World.WaitForDeploy(repository, prNumber, Bound, "Succeeded");

        Assert.Multiple(() =>
        {
            Assert.That(deploy?.CurrentState, Is.EqualTo("Succeeded"));
            Assert.That(deploy?.Attempt.Number, Is.EqualTo(2));
            Assert.That(e2e, Has.Count.EqualTo(1));
            Assert.That(FixTasksOf(repository, prNumber), Has.Count.EqualTo(1), "the first attempt's fix task only");
            Assert.That(pull.Merges, Is.EqualTo(1), "merged once");
            Assert.That(RunsOf(repository, pull.MergeCommitSha), Is.EqualTo(new[] { 2 }), "the merge's run, re-run once");
            Assert.That(World.Targets[Target].RunningVersion, Is.EqualTo(pull.MergeCommitSha), "the re-run landed the merge");
        });
    }

    [Test]
    public async Task A_new_request_after_a_newer_merge_was_deployed_fails_again_instead_of_rolling_it_back()
    {
        var repository = World.Repositories[0];
        const int olderPr = 304, newerPr = 305;
        var older = World.ReadyPullRequest(repository, olderPr).OnMerge(FailingPipeline() with { OnRerun = World.PipelineLandingOn(Target) });
        await World.SendToDeployQueue(SeedTask.Json(repository, olderPr, Target));
        Assert.That((await World.WaitForDeploy(repository, olderPr, Bound, "Failed", "Succeeded"))?.CurrentState, Is.EqualTo("Failed"));
        var newer = World.ReadyPullRequest(repository, newerPr).OnMerge(World.PipelineLandingOn(Target));
        await World.SendToDeployQueue(SeedTask.Json(repository, newerPr, Target));
        Assert.That((await World.WaitForDeploy(repository, newerPr, Bound, "Failed", "Succeeded"))?.CurrentState, Is.EqualTo("Succeeded"));

        await World.SendToDeployQueue(SeedTask.Json(repository, olderPr, Target));

        var fixTasks = await World.Inbox.WaitFor<FixTaskRequested>(DownstreamQueues.Execution,
            f => f.Repository == repository && f.PrNumber == olderPr, found => found.Count > 1, Bound);
        var deploy = await World.WaitForDeploy(repository, olderPr, Bound, "Failed", "Succeeded");

        Assert.Multiple(() =>
        {
            Assert.That(deploy?.Attempt.Number, Is.EqualTo(2));
            Assert.That(deploy?.CurrentState, Is.EqualTo("Failed"));
            Assert.That(RunsOf(repository, older.MergeCommitSha), Is.EqualTo(new[] { 1 }), "the older merge's run is not re-run");
            Assert.That(World.Targets[Target].RunningVersion, Is.EqualTo(newer.MergeCommitSha), "the newer merge still runs");
            Assert.That(fixTasks[^1].Description, Does.Contain(
                $"{older.MergeCommitSha} is superseded by {newer.MergeCommitSha} on workflow deploy.yml; deploying it again would roll back newer changes"));
        });
    }

    [Test]
    public async Task A_first_attempt_goes_by_its_merges_run_however_far_behind_githubs_clock_is()
    {
        var repository = World.Repositories[0];
        const int prNumber = 306;
        var pull = World.ReadyPullRequest(repository, prNumber).OnMerge(World.PipelineLandingOn(Target));
        World.GitHub.Repository(repository).ClockBehind = TimeSpan.FromMinutes(1);
        try
        {
            await World.SendToDeployQueue(SeedTask.Json(repository, prNumber, Target));

            var deploy = await World.WaitForDeploy(repository, prNumber, Bound, "Failed", "Succeeded");

            Assert.That(deploy?.CurrentState, Is.EqualTo("Succeeded"));
            Assert.That(RunsOf(repository, pull.MergeCommitSha), Is.EqualTo(new[] { 1 }), "its merge's run, not re-run");
        }
        finally
        {
            World.GitHub.Repository(repository).ClockBehind = TimeSpan.Zero;
        }
    }

    /// <summary>The attempts of each workflow run of the SHA.</summary>
    List<int> RunsOf(string repository, string? sha) =>
        World.GitHub.Repository(repository).WorkflowRuns.Where(r => r.Sha == sha).Select(r => r.Attempts).ToList();

    List<FixTaskRequested> FixTasksOf(string repository, int prNumber) =>
        World.Inbox.Received<FixTaskRequested>(DownstreamQueues.Execution).Where(f => f.Repository == repository && f.PrNumber == prNumber).ToList();
}
