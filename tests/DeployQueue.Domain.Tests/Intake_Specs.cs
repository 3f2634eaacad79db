using DeployQueue.Contracts;
using MassTransit;

namespace DeployQueue.Domain.Tests;

[TestFixture]
public class Intake_Specs : DeployQueueSpec
{
    static IEnumerable<TestCaseData> BadRequests()
    {
        yield return new TestCaseData(Request(401) with { Title = "" }, "title is missing").SetName("missing title");
        yield return new TestCaseData(Request(402) with { Branch = " " }, "branch is missing").SetName("missing branch");
        yield return new TestCaseData(Request(0), "pr_number must be a positive number").SetName("PR number zero");
        yield return new TestCaseData(Request(-4), "pr_number must be a positive number").SetName("negative PR number");
        yield return new TestCaseData(Request(403, "moon"), "target 'moon' is unknown").SetName("unknown target");
        yield return new TestCaseData(Request(404) with { Repository = "not a repo" }, "is not of the form owner/name").SetName("malformed repository");
        yield return new TestCaseData(Request(405, repository: "evil/shop"), "not in the allow-list").SetName("repository not allowed");
        yield return new TestCaseData(Request(406, priority: "urgent"), "priority 'urgent' is not one of").SetName("unknown priority");
        yield return new TestCaseData(Request(407) with { PrUrl = "" }, "pr_url is missing").SetName("missing PR URL");
        yield return new TestCaseData(Request(408) with { Description = new string('x', 70_000) }, "more than the 65536 accepted").SetName("oversized payload");
        yield return new TestCaseData(Request(410) with { PrUrl = "https://github.com/other/repo/pull/410" }, "is a PR of other/repo, not of repository acme/shop")
            .SetName("PR URL of another repository");
        yield return new TestCaseData(Request(411) with { Target = null! }, "target is missing").SetName("null target in an envelope");
    }

    [TestCaseSource(nameof(BadRequests))]
    public async Task A_bad_request_is_rejected_with_its_reason_and_nothing_else_is_disturbed(DeployRequested bad, string reason)
    {
        await Send(bad);
        await Send(Request(499));

        var fault = await PublishedOne<Fault<DeployRequested>>(_ => true);
        var announcement = await PublishedOne<Announcement>(a => a.Kind == AnnouncementKind.Rejected);
        await Reaches(IdOf(499), m => m.Succeeded);

        Assert.Multiple(() =>
        {
            Assert.That(fault.Exceptions.Single().Message, Does.Contain(reason), "the error queue's fault names the reason");
            Assert.That(announcement.Message, Does.Contain(reason));
            Assert.That(Deploys.Sagas.Select(x => x.CorrelationId != IdOf(499)).Any(), Is.False, "no saga for the bad request");
            Assert.That(Harness.Consumed.Select<DeployRequested>().Count(), Is.EqualTo(2), "rejected once, never retried");
        });
    }

    [Test]
    public async Task The_repository_is_taken_from_the_pr_url_when_absent()
    {
        await Send(Request(409) with { Repository = "" });

        var deploy = await Reaches(IdOf(409), m => m.Succeeded);
        Assert.That(deploy.Repository, Is.EqualTo(Shop));
    }
}
