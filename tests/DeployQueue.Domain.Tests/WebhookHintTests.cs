using DeployQueue.Contracts;
using DeployQueue.Domain.Configuration;
using DeployQueue.Domain.Ports;
using DeployQueue.Domain.Tests.Fakes;
using MassTransit;

namespace DeployQueue.Domain.Tests;

/// <summary>
/// A change GitHub reports by webhook makes the deploys it concerns look now, with polling an hour away: those waiting
/// at the gate for the PR or its head gate again, the one watching the deployment of a SHA looks at it. Each decides
/// from GitHub (here the scripted gateway) as ever: the hint only says when.
/// </summary>
[TestFixture]
public class WebhookHintTests : DeployQueueFixture
{
    protected override void Adjust(DeployQueueOptions options) => options.GitHub.PollInterval = TimeSpan.FromHours(1);

    static GitHubChangeNoticed Hint(GitHubChangeConcern concerns, int[] prNumbers, string? sha = null, string repository = Shop) => new()
    {
        DeliveryId = Guid.NewGuid().ToString(),
        Repository = repository,
        Event = concerns == GitHubChangeConcern.Gate ? "pull_request_review" : "workflow_run",
        Action = concerns == GitHubChangeConcern.Gate ? "submitted" : "completed",
        Concerns = concerns,
        PrNumbers = prNumbers,
        Sha = sha,
    };

    [Test]
    public async Task A_pr_waiting_for_approval_gates_again_when_a_review_is_reported_and_merges()
    {
        var pr = GitHub.PullRequest(Shop, 201).Gate(GateVerdict.ApprovalMissing);
        await Send(Request(201));
        await Reaches(IdOf(201), m => m.AwaitingGate);

        await Harness.Bus.Publish(Hint(GitHubChangeConcern.Gate, [201], repository: "ACME/Shop"));

        await Reaches(IdOf(201), m => m.Succeeded);
        Assert.That(GitHub.Merges, Is.EqualTo(new[] { (Shop, 201, pr.HeadSha) }));
    }

    [Test]
    public async Task A_pr_waiting_for_checks_gates_again_when_a_status_of_its_head_is_reported()
    {
        var pr = GitHub.PullRequest(Shop, 202).Gate(GateVerdict.ChecksPending);
        await Send(Request(202));
        var waiting = await Reaches(IdOf(202), m => m.AwaitingGate);
        Assert.That(waiting.Attempt.HeadSha, Is.EqualTo(pr.HeadSha), "the head it waits on is known, so a status naming only the SHA finds it");

        await Harness.Bus.Publish(Hint(GitHubChangeConcern.Gate, [], pr.HeadSha));

        await Reaches(IdOf(202), m => m.Succeeded);
        Assert.That(GitHub.Merges, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_failed_run_reported_for_the_merge_sha_becomes_a_fix_task_without_waiting_for_the_poll()
    {
        var pr = GitHub.PullRequest(Shop, 203);
        GitHub.Pipeline(pr.MergeSha)
            .Then(PipelineScript.Running(DeployStage.Deploy))
            .Forever(PipelineScript.Failed(new FailedJob("deploy", "helm upgrade", DeployStage.Deploy, "Error: UPGRADE FAILED", null)));
        await Send(Request(203));
        await Reaches(IdOf(203), m => m.Deploying);

        await Harness.Bus.Publish(Hint(GitHubChangeConcern.Deployment, [], pr.MergeSha));

        var fixTask = await PublishedOne<FixTaskRequested>(f => f.DeployId == IdOf(203));
        await Reaches(IdOf(203), m => m.Failed);
        Assert.That(fixTask.MergeSha, Is.EqualTo(pr.MergeSha));
    }

    [Test]
    public async Task A_run_reported_complete_while_the_deploys_look_is_outstanding_costs_no_second_look()
    {
        var pr = GitHub.PullRequest(Shop, 207);
        var pipeline = GitHub.Pipeline(pr.MergeSha).HoldLooks();
        await Send(Request(207));
        await Reaches(IdOf(207), m => m.Deploying);

        var hint = Hint(GitHubChangeConcern.Deployment, [], pr.MergeSha);
        await Harness.Bus.Publish(hint);
        await ConsumedOne<DeployLookNow>(l => l.DeployId == IdOf(207));
        pipeline.ReleaseLooks();

        await Reaches(IdOf(207), m => m.Succeeded);
        Assert.That(Published<WatchDeployment>(w => w.DeployId == IdOf(207)), Has.Count.EqualTo(1),
            "the look on its way saw the run complete: the hint spends no second one");
    }

    [Test]
    public async Task A_run_reported_failed_while_the_deploys_look_is_outstanding_is_looked_at_again_when_that_look_saw_it_running()
    {
        var pr = GitHub.PullRequest(Shop, 208);
        var pipeline = GitHub.Pipeline(pr.MergeSha)
            .Then(PipelineScript.Running(DeployStage.Deploy))
            .Forever(PipelineScript.Failed(new FailedJob("deploy", "helm upgrade", DeployStage.Deploy, "Error: UPGRADE FAILED", null)))
            .HoldLooks();
        await Send(Request(208));
        await Reaches(IdOf(208), m => m.Deploying);

        await Harness.Bus.Publish(Hint(GitHubChangeConcern.Deployment, [], pr.MergeSha));
        await ConsumedOne<DeployLookNow>(l => l.DeployId == IdOf(208));
        pipeline.ReleaseLooks();

        await PublishedOne<FixTaskRequested>(f => f.DeployId == IdOf(208));
        await Reaches(IdOf(208), m => m.Failed);
        Assert.That(Published<WatchDeployment>(w => w.DeployId == IdOf(208)), Has.Count.EqualTo(2),
            "one look read GitHub before the run failed, one after it, with polling an hour away");
    }

    [Test]
    public async Task A_pr_closed_unmerged_while_waiting_at_the_gate_ends_announced_as_closed()
    {
        GitHub.PullRequest(Shop, 204).Gate(GateVerdict.ApprovalMissing).Finally = GateVerdict.Closed;
        await Send(Request(204));
        await Reaches(IdOf(204), m => m.AwaitingGate);

        await Harness.Bus.Publish(Hint(GitHubChangeConcern.Gate, [204]) with { Event = "pull_request", Action = "closed" });

        var deploy = await Reaches(IdOf(204), m => m.Failed);
        var failed = await PublishedOne<Announcement>(a => a.DeployId == IdOf(204) && a.Kind == AnnouncementKind.Failed);
        Assert.Multiple(() =>
        {
            Assert.That(deploy.Attempt.Outcome, Does.Contain("PR #204 was closed without being merged"));
            Assert.That(failed.Message, Does.Contain("closed without being merged"));
            Assert.That(AnnouncementsOf(IdOf(204)).Select(a => a.Kind), Has.None.EqualTo(AnnouncementKind.ManualMergeNeeded),
                "a closed PR is a decision: nothing to merge by hand");
            Assert.That(Published<FixTaskRequested>(f => f.DeployId == IdOf(204)), Is.Empty);
            Assert.That(GitHub.Merges, Is.Empty);
        });
    }

    [Test]
    public async Task A_change_of_another_pr_repository_or_concern_makes_no_deploy_look()
    {
        var pr = GitHub.PullRequest(Shop, 205).Gate(GateVerdict.ApprovalMissing);
        await Send(Request(205));
        await Reaches(IdOf(205), m => m.AwaitingGate);

        GitHubChangeNoticed[] unrelated =
        [
            Hint(GitHubChangeConcern.Gate, [206]),
            Hint(GitHubChangeConcern.Gate, [205], repository: "acme/api"),
            // A deploy waiting at the gate watches no deployment, even of its head.
            Hint(GitHubChangeConcern.Deployment, [205], pr.HeadSha),
        ];
        foreach (var hint in unrelated)
            await Harness.Bus.Publish(hint);
        foreach (var hint in unrelated)
            await ConsumedOne<GitHubChangeNoticed>(h => h.DeliveryId == hint.DeliveryId);

        Assert.Multiple(() =>
        {
            Assert.That(Published<DeployLookNow>(_ => true), Is.Empty);
            Assert.That(Deploys.Sagas.Contains(IdOf(205))!.CurrentState, Is.EqualTo(nameof(Machine.AwaitingGate)));
        });
    }

    [Test]
    public async Task A_look_now_for_a_deploy_that_does_not_exist_is_dropped()
    {
        var missing = IdOf(299);
        await Harness.Bus.Publish(new DeployLookNow(missing, "status (delivery x)"));

        await ConsumedOne<DeployLookNow>(l => l.DeployId == missing);
        Assert.That(Harness.Published.Select<Fault<DeployLookNow>>().Any(), Is.False);
    }
}
