using DeployQueue.Contracts;
using DeployQueue.Domain.StateMachines;
using DeployQueue.Domain.Tests.Fakes;

namespace DeployQueue.Domain.Tests;

/// <summary>
/// A rolling upgrade: commands and results sent by a version before attempts were numbered and merges had deadlines
/// (attempt 0, no deadline) still move the deploys in flight, instead of stranding them until a timeout.
/// </summary>
[TestFixture]
public class Upgrade_Specs : DeployQueueSpec
{
    [Test]
    public async Task A_merge_command_queued_before_merge_deadlines_is_merged()
    {
        var pr = GitHub.PullRequest(Shop, 501);
        var deployId = Guid.NewGuid();

        await Harness.Bus.Publish(new MergePullRequest
        {
            DeployId = deployId, Repository = Shop, PrNumber = 501, Target = "staging",
            MergeStrategy = MergeStrategy.Squash, CommitTitle = "Deploy PR #501 (#501)",
        });

        var merged = await PublishedOne<PullRequestMerged>(m => m.DeployId == deployId);
        Assert.Multiple(() =>
        {
            Assert.That(merged.MergeSha, Is.EqualTo(pr.MergeSha));
            Assert.That(GitHub.Merges.Select(m => m.PrNumber), Is.EqualTo(new[] { 501 }));
        });
    }

    [Test]
    public async Task A_result_without_an_attempt_decides_the_attempt_in_flight()
    {
        var pr = GitHub.PullRequest(Shop, 502);
        GitHub.Pipeline(pr.MergeSha).Forever(PipelineScript.Running(DeployStage.Deploy));

        await Send(Request(502));
        await Reaches(IdOf(502), m => m.Deploying);
        // The answer of a watch consumer of the earlier version.
        await Harness.Bus.Publish(new DeploymentSucceeded(IdOf(502), 0, null, null));

        var deploy = await Reaches(IdOf(502), m => m.Succeeded);
        Assert.That(deploy.Attempt, Is.EqualTo(1));
    }
}
