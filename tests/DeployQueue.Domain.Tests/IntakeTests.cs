using DeployQueue.Contracts;

namespace DeployQueue.Domain.Tests;

/// <summary>
/// Requests as a MassTransit publisher sends them (envelopes on the harness's bus): the bad ones are refused once,
/// announced with their reason, and start nothing; a good one right after still deploys.
/// </summary>
[TestFixture]
public class IntakeTests : DeployQueueFixture
{
    static IEnumerable<TestCaseData> BadRequests()
    {
        yield return new TestCaseData(Request(401) with { Title = "" }, "title is missing").SetName("missing title");
        yield return new TestCaseData(Request(402) with { Branch = " " }, "branch is missing").SetName("missing branch");
        yield return new TestCaseData(Request(0), "pr_number must be a positive number (got 0)").SetName("PR number zero");
        yield return new TestCaseData(Request(-4), "pr_number must be a positive number (got -4)").SetName("negative PR number");
        yield return new TestCaseData(Request(403, "moon"), "target 'moon' is unknown").SetName("unknown target");
        yield return new TestCaseData(Request(404) with { Repository = "not a repo" }, "is not of the form owner/name").SetName("malformed repository");
        yield return new TestCaseData(Request(405, repository: "evil/shop"), "not in the allow-list").SetName("repository not allowed");
        yield return new TestCaseData(Request(406, priority: (TaskPriority)99), "priority 99 is not one of Low, Normal, High, Critical")
            .SetName("priority out of range");
        yield return new TestCaseData(Request(407) with { PrUrl = "" }, "pr_url is missing").SetName("missing PR URL");
        yield return new TestCaseData(Request(408) with { Description = new string('x', 70_000) }, "more than the 65536 accepted").SetName("oversized payload");
        yield return new TestCaseData(Request(410) with { PrUrl = "https://github.com/other/repo/pull/410" },
                "is a PR of other/repo, not of repository acme/shop")
            .SetName("PR URL of another repository");
        yield return new TestCaseData(Request(411) with { Target = null! }, "target is missing").SetName("null target in an envelope");
        yield return new TestCaseData(Request(412) with { PrUrl = "https://github.com/acme/shop/pull/99" }, "is PR #99, not pr_number 412")
            .SetName("PR URL of another PR");
        yield return new TestCaseData(Request(413) with { PrUrl = "https://gitlab.example/acme/shop/pull/413" }, "is not on github.com")
            .SetName("PR URL on another host");
        yield return new TestCaseData(Request(414) with { Title = "Deploy\0PR" }, "title contains the control character U+0000").SetName("NUL in the title");
        yield return new TestCaseData(Request(415) with { MergeStrategy = (MergeStrategy)4 }, "merge_strategy 4 is not one of merge, squash, rebase")
            .SetName("merge strategy out of range");
    }

    [TestCaseSource(nameof(BadRequests))]
    public async Task A_bad_request_is_rejected_once_with_its_reason_and_nothing_else_is_disturbed(DeployRequested bad, string reason)
    {
        await Send(bad);
        await Send(Request(499));

        await Reaches(IdOf(499), m => m.Succeeded);
        var rejections = Harness.Published.Select<Announcement>().Select(a => a.Context.Message).Where(a => a.Kind == AnnouncementKind.Rejected).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(rejections, Has.Count.EqualTo(1), "one Rejected announcement");
            Assert.That(rejections.FirstOrDefault()?.Message, Does.Contain(reason));
            Assert.That(Deploys.Sagas.Select(x => x.CorrelationId != IdOf(499)).Any(), Is.False, "no saga for the bad request");
        });
    }

    [Test]
    public async Task The_repository_is_taken_from_the_pr_url_when_absent()
    {
        await Send(Request(409) with { Repository = "" });

        var deploy = await Reaches(IdOf(409), m => m.Succeeded);
        Assert.That(deploy.Repository, Is.EqualTo(Shop));
    }

    [Test]
    public async Task The_same_request_again_after_its_deploy_finished_starts_no_new_attempt_and_a_new_task_does()
    {
        var request = Request(416);
        await Send(request);
        await Reaches(IdOf(416), m => m.Succeeded);

        await Send(request);
        await Eventually(() => Harness.Consumed.Select<DeployAccepted>(x => x.Context.Message.DeployId == IdOf(416)).Skip(1).FirstOrDefault(),
            "the repeated request never reached the deploy");
        var attemptsAfterTheRepeat = Deploys.Sagas.Contains(IdOf(416))!.Attempt.Number;

        await Send(request with { TaskId = "deploy-416-again" });
        var retried = await Eventually(() => Deploys.Sagas.Contains(IdOf(416)) is { Attempt.Number: 2, CurrentState: "Succeeded" } d ? d : null,
            "a new task id started no second attempt");

        Assert.Multiple(() =>
        {
            Assert.That(attemptsAfterTheRepeat, Is.EqualTo(1), "the same task again: recognised, no second attempt");
            Assert.That(retried.Attempt.TaskId, Is.EqualTo("deploy-416-again"));
        });
    }
}
