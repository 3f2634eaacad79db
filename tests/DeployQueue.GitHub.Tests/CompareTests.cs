using DeployQueue.Domain.Ports;

namespace DeployQueue.GitHub.Tests;

/// <summary>GitHub's compare of a target's current SHA with a candidate, through Octokit, against the simulator's history of merges.</summary>
[TestFixture]
public class CompareTests : GitHubTestBed
{
    const string CompareEndpoint = "GET /repos/{owner}/{repo}/compare/{basehead}";

    string _older = "";
    string _newer = "";

    [SetUp]
    public void TwoMerges()
    {
        _older = Repo.PullRequest(1).MarkMerged();
        _newer = Repo.PullRequest(2).MarkMerged();
    }

    Task<CommitOrder> Compare(string currentSha, string candidateSha) =>
        PullRequests().Compare(RepositoryName, currentSha, candidateSha, CancellationToken.None);

    [Test]
    public async Task A_newer_candidate_is_ahead_in_one_call()
    {
        Simulator.Requests.Reset();

        Assert.That(await Compare(_older, _newer), Is.EqualTo(CommitOrder.Ahead));
        Assert.That(Simulator.Requests.For(CompareEndpoint).Spent, Is.EqualTo(1));
    }

    [Test]
    public async Task The_same_sha_is_identical() =>
        Assert.That(await Compare(_newer, _newer), Is.EqualTo(CommitOrder.Identical));

    [Test]
    public async Task An_older_candidate_is_behind() =>
        Assert.That(await Compare(_newer, _older), Is.EqualTo(CommitOrder.Behind));

    [TestCase(true)]
    [TestCase(false)]
    public async Task A_sha_github_does_not_know_is_unknown_never_a_pass(bool unknownIsCurrent)
    {
        const string unknown = "0123456789abcdef0123456789abcdef01234567";

        var order = unknownIsCurrent ? await Compare(unknown, _newer) : await Compare(_older, unknown);

        Assert.That(order, Is.EqualTo(CommitOrder.Unknown));
    }

    [Test]
    public async Task The_simulator_answers_in_githubs_shape()
    {
        var third = Repo.PullRequest(3).MarkMerged();
        var repo = RepositoryName.Split('/');

        var comparison = await Client.Repository.Commit.Compare(repo[0], repo[1], _older, third);

        Assert.Multiple(() =>
        {
            Assert.That(comparison.Status, Is.EqualTo("ahead"));
            Assert.That(comparison.AheadBy, Is.EqualTo(2));
            Assert.That(comparison.BehindBy, Is.Zero);
            Assert.That(comparison.TotalCommits, Is.EqualTo(2));
            Assert.That(comparison.BaseCommit.Sha, Is.EqualTo(_older));
            Assert.That(comparison.MergeBaseCommit.Sha, Is.EqualTo(_older));
            Assert.That(comparison.Commits.Select(c => c.Sha), Is.EqualTo(new[] { _newer, third }));
            Assert.That(comparison.Commits[1].Parents.Single().Sha, Is.EqualTo(_newer));
        });
    }
}
