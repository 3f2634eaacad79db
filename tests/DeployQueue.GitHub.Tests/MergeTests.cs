using DeployQueue.Contracts;
using DeployQueue.Domain.Ports;
using DeployQueue.Simulators.GitHub.Scripting;

namespace DeployQueue.GitHub.Tests;

[TestFixture]
public class MergeTests : GitHubTestBed
{
    Task<MergeOutcome> Merge(string headSha, MergeStrategy strategy = MergeStrategy.Squash) =>
        PullRequests().Merge(RepositoryName, 7, headSha, strategy, "Deploy PR #7", CancellationToken.None);

    [TestCase(MergeStrategy.Merge, "merge")]
    [TestCase(MergeStrategy.Squash, "squash")]
    [TestCase(MergeStrategy.Rebase, "rebase")]
    public async Task A_ready_PR_is_merged_with_the_target_strategy(MergeStrategy strategy, string method)
    {
        var pull = ReadyPullRequest();

        var outcome = await Merge(pull.HeadSha, strategy);

        Assert.That(outcome.Kind, Is.EqualTo(MergeOutcomeKind.Merged));
        Assert.That(outcome.MergeSha, Is.EqualTo(pull.MergeCommitSha).And.Not.Null);
        Assert.That(pull.LastMergeMethod, Is.EqualTo(method));
    }

    [Test]
    public async Task A_redelivered_merge_is_already_merged_and_never_merges_twice()
    {
        var pull = ReadyPullRequest();
        var first = await Merge(pull.HeadSha);

        var second = await Merge(pull.HeadSha);

        Assert.That(second.Kind, Is.EqualTo(MergeOutcomeKind.AlreadyMerged));
        Assert.That(second.MergeSha, Is.EqualTo(first.MergeSha));
        Assert.That(pull.Merges, Is.EqualTo(1));
    }

    [Test]
    public async Task A_head_pushed_between_gate_and_merge_is_not_merged()
    {
        var pull = ReadyPullRequest();
        var gate = await PullRequests().EvaluateGate(RepositoryName, 7, new GateRules(1), CancellationToken.None);
        pull.Push();

        var outcome = await Merge(gate.HeadSha);

        Assert.That(outcome.Kind, Is.EqualTo(MergeOutcomeKind.HeadMoved));
        Assert.That(outcome.StatusCode, Is.EqualTo(409));
        Assert.That(outcome.Message, Does.Contain("Head branch was modified"));
        Assert.That(pull.Merges, Is.Zero);
    }

    [Test]
    public async Task A_conflict_at_merge_time_is_a_conflict()
    {
        var pull = ReadyPullRequest().Conflict();

        var outcome = await Merge(pull.HeadSha);

        Assert.That(outcome.Kind, Is.EqualTo(MergeOutcomeKind.Conflict));
        Assert.That(outcome.StatusCode, Is.EqualTo(405));
        Assert.That(outcome.Message, Is.EqualTo("Pull Request is not mergeable"));
    }

    [TestCase(405, "Required status check \"deploy-guard\" is expected.")]
    [TestCase(405, "At least 2 approving reviews are required by reviewers with write access.")]
    [TestCase(422, "Merge method squash is not allowed on this repository.")]
    [TestCase(403, "Resource not accessible by integration")]
    public async Task Other_refusals_carry_GitHubs_message(int status, string message)
    {
        var pull = ReadyPullRequest().RefuseMerge(status, message);

        var outcome = await Merge(pull.HeadSha);

        Assert.That(outcome.Kind, Is.EqualTo(MergeOutcomeKind.Refused));
        Assert.That(outcome.StatusCode, Is.EqualTo(status));
        Assert.That(outcome.Message, Is.EqualTo(message));
        Assert.That(pull.Merges, Is.Zero);
    }

    [Test]
    public async Task A_PR_merged_by_someone_else_at_another_head_is_refused()
    {
        var pull = ReadyPullRequest();
        var gatedHead = pull.HeadSha;
        pull.Push();
        pull.MarkMerged();

        var outcome = await Merge(gatedHead);

        Assert.That(outcome.Kind, Is.EqualTo(MergeOutcomeKind.Refused));
        Assert.That(outcome.Message, Does.Contain("merged at another head"));
    }

    [Test]
    public async Task The_merge_starts_the_pipeline_for_the_merge_commit()
    {
        Repo.OnMerge(PipelineScript.Succeeding());
        var pull = ReadyPullRequest();

        var outcome = await Merge(pull.HeadSha);

        Assert.That(Repo.WorkflowRunShas, Is.EqualTo(new[] { outcome.MergeSha }));
    }
}
