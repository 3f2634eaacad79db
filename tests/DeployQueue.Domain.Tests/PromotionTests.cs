using DeployQueue.Contracts;
using DeployQueue.Domain.Tests.Fakes;

namespace DeployQueue.Domain.Tests;

/// <summary>Production (RequiresSuccessOn: staging) deploys exactly the SHA that passed staging, and never one older than its own.</summary>
[TestFixture]
public class PromotionTests : DeployQueueFixture
{
    [Test]
    public async Task A_promotion_older_than_what_production_runs_is_refused_naming_both_shas_and_deploys_nothing()
    {
        var x = GitHub.PullRequest(Shop, 401);
        var y = GitHub.PullRequest(Shop, 402);
        await Succeeds(401, "staging");
        await Succeeds(402, "staging");
        // Y, merged after X, reaches production first.
        await Succeeds(402, "production");

        await Send(Request(401, "production"));

        var deploy = await Reaches(IdOf(401, "production"), m => m.Failed);
        var refusal = await PublishedOne<Announcement>(a => a.DeployId == IdOf(401, "production") && a.Kind == AnnouncementKind.InvestigationNeeded);
        await PublishedOne<Announcement>(a => a.DeployId == IdOf(401, "production") && a.Kind == AnnouncementKind.Failed);
        Assert.Multiple(() =>
        {
            Assert.That(refusal.Message, Does.Contain(x.MergeSha).And.Contain(y.MergeSha).And.Contain("older"));
            Assert.That(deploy.Attempt.Outcome, Does.StartWith("Not promotable"));
            Assert.That(GitHub.DeploymentsCreated, Is.EqualTo(new[] { (y.MergeSha, "production") }), "nothing deployed for X");
            Assert.That(Published<RollbackRequested>(_ => true), Is.Empty);
            Assert.That(Published<FixTaskRequested>(_ => true), Is.Empty);
        });

        // The lane was given back, and a newer SHA still goes on.
        var z = GitHub.PullRequest(Shop, 403);
        await Succeeds(403, "staging");
        await Succeeds(403, "production");
        Assert.That(GitHub.Comparisons, Is.EqualTo(new[] { (y.MergeSha, x.MergeSha), (y.MergeSha, z.MergeSha) }),
            "compared on promotions to a production that runs a known SHA only");
    }

    [Test]
    public async Task A_promotion_of_a_pr_merged_as_another_sha_than_the_one_that_passed_staging_is_refused()
    {
        var pr = GitHub.PullRequest(Shop, 404);
        await Succeeds(404, "staging");
        // GitHub now names another merge commit than the one staging ran.
        var other = ScriptedGitHub.Sha("another merge of acme/shop#404");
        pr.MergedSha = other;

        await Send(Request(404, "production"));

        var deploy = await Reaches(IdOf(404, "production"), m => m.Failed);
        var refusal = await PublishedOne<Announcement>(a => a.DeployId == IdOf(404, "production") && a.Kind == AnnouncementKind.InvestigationNeeded);
        Assert.Multiple(() =>
        {
            Assert.That(refusal.Message, Does.Contain(pr.MergeSha).And.Contain(other));
            Assert.That(deploy.Attempt.Outcome, Does.StartWith("Not promotable"));
            Assert.That(deploy.Attempt.MergeSha, Is.Null);
            Assert.That(GitHub.DeploymentsCreated, Is.Empty);
            Assert.That(Published<RollbackRequested>(_ => true), Is.Empty);
        });
    }

    /// <summary>The PR succeeds on the target, and the target's lane has learned its SHA.</summary>
    async Task Succeeds(int prNumber, string target)
    {
        await Send(Request(prNumber, target));
        var deploy = await Reaches(IdOf(prNumber, target), m => m.Succeeded);
        await ConsumedOne<LaneReleased>(r => r.DeployId == deploy.CorrelationId && r.SucceededSha == deploy.Attempt.MergeSha);
    }
}
