using DeployQueue.Contracts;
using DeployQueue.Domain.Ports;
using DeployQueue.Domain.Tests.Fakes;

namespace DeployQueue.Domain.Tests;

[TestFixture]
public class AttemptTests : DeployQueueFixture
{
    [Test]
    public async Task A_duplicate_request_while_in_flight_is_ignored()
    {
        var pr = GitHub.PullRequest(Shop, 301);
        GitHub.Pipeline(pr.MergeSha).Then(PipelineScript.Running(DeployStage.Build), PipelineScript.Running(DeployStage.Deploy),
            PipelineScript.Running(DeployStage.Deploy));

        await Send(Request(301));
        await Reaches(IdOf(301), m => m.Deploying);
        await Send(Request(301));
        await Send(Request(301));
        var deploy = await Reaches(IdOf(301), m => m.Succeeded);
        await PublishedOne<Announcement>(a => a.DeployId == IdOf(301) && a.Kind == AnnouncementKind.Succeeded);

        Assert.Multiple(() =>
        {
            Assert.That(deploy.Attempt.Number, Is.EqualTo(1));
            Assert.That(AnnouncementsOf(IdOf(301)).Count(a => a.Kind == AnnouncementKind.Started), Is.EqualTo(1));
            Assert.That(GitHub.Merges, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task A_new_request_after_a_failure_is_the_next_attempt_with_the_history_kept()
    {
        GitHub.PullRequest(Shop, 302).Gate(GateVerdict.ChecksFailing);

        await Send(Request(302));
        await Reaches(IdOf(302), m => m.Failed);
        await PublishedOne<Announcement>(a => a.DeployId == IdOf(302) && a.Kind == AnnouncementKind.Failed);

        await Send(Request(302));
        var deploy = await Reaches(IdOf(302), m => m.Succeeded);
        await PublishedOne<Announcement>(a => a.DeployId == IdOf(302) && a.Kind == AnnouncementKind.Succeeded);

        Assert.Multiple(() =>
        {
            Assert.That(deploy.Attempt.Number, Is.EqualTo(2));
            Assert.That(deploy.PastAttempts, Has.Count.EqualTo(1));
            Assert.That(deploy.PastAttempts[0].FinalState, Is.EqualTo("Failed"));
            Assert.That(deploy.PastAttempts[0].Outcome, Does.Contain("Merge blocked"));
            Assert.That(AnnouncementsOf(IdOf(302)).Last().Attempt, Is.EqualTo(2));
            // Nothing of attempt 1 carries over: its fix task is not one of attempt 2's.
            Assert.That(deploy.Attempt.FixTasks, Is.Empty);
            Assert.That(AnnouncementsOf(IdOf(302)).Last().Links.Select(l => l.Title), Has.No.Member("Fix task"));
        });
    }

    [Test]
    public async Task A_late_merge_result_of_an_earlier_attempt_does_not_decide_the_current_one()
    {
        var pr = GitHub.PullRequest(Shop, 307).Gate(GateVerdict.ChecksFailing);
        await FailFirstAttempt(307);

        pr.MergeTakes = TimeSpan.FromSeconds(1);
        await Send(Request(307));
        await Reaches(IdOf(307), m => m.Merging);
        // Attempt 1's merge result, delivered late (as if it had merged another head), while attempt 2 merges.
        await Harness.Bus.Publish(new PullRequestMerged(IdOf(307), 1, "stale-head", ScriptedGitHub.Sha("stale merge"), false));

        var deploy = await Reaches(IdOf(307), m => m.Succeeded);
        Assert.Multiple(() =>
        {
            Assert.That(deploy.Attempt.Number, Is.EqualTo(2));
            Assert.That(deploy.Attempt.MergeSha, Is.EqualTo(pr.MergeSha), "attempt 2 went on with its own merge");
            Assert.That(AnnouncementsOf(IdOf(307)).Count(a => a.Kind == AnnouncementKind.Merged), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_late_deployment_result_of_an_earlier_attempt_does_not_decide_the_current_one()
    {
        var pr = GitHub.PullRequest(Shop, 308).Gate(GateVerdict.ChecksFailing);
        GitHub.Pipeline(pr.MergeSha).Forever(PipelineScript.Running(DeployStage.Deploy));
        await FailFirstAttempt(308);

        await Send(Request(308));
        await Reaches(IdOf(308), m => m.Deploying);
        // A look at the pipeline made for attempt 1, answered late, while attempt 2 watches the same pipeline.
        await Harness.Bus.Publish(new DeploymentFailed
        {
            DeployId = IdOf(308),
            Attempt = 1,
            Problems = [new Problem { Kind = FixTaskKind.DeploymentError, Stage = DeployStage.Deploy, Summary = "stale" }],
        });
        await ConsumedOne<DeploymentFailed>(f => f.DeployId == IdOf(308));
        GitHub.Pipeline(pr.MergeSha).Forever(PipelineScript.Succeeded);

        var deploy = await Reaches(IdOf(308), m => m.Succeeded);
        Assert.Multiple(() =>
        {
            Assert.That(deploy.Attempt.Number, Is.EqualTo(2));
            Assert.That(Published<FixTaskRequested>(f => f.DeployId == IdOf(308) && f.Attempt == 2), Is.Empty);
        });
    }

    /// <summary>Attempt 1 ends Failed at the gate, unmerged: the next request is attempt 2.</summary>
    async Task FailFirstAttempt(int prNumber)
    {
        await Send(Request(prNumber));
        await Reaches(IdOf(prNumber), m => m.Failed);
        await PublishedOne<Announcement>(a => a.DeployId == IdOf(prNumber) && a.Kind == AnnouncementKind.Failed);
    }

    [Test]
    public async Task Production_refuses_a_pr_that_has_not_succeeded_on_staging()
    {
        await Send(Request(303, "production"));

        var refused = await PublishedOne<Announcement>(a => a.Kind == AnnouncementKind.Rejected && a.PrNumber == 303);

        Assert.Multiple(async () =>
        {
            Assert.That(refused.Message, Does.Contain("must succeed on staging"));
            Assert.That(await Deploys.Exists(IdOf(303, "production"), TimeSpan.FromMilliseconds(500)), Is.Null, "no deploy started");
            Assert.That(GitHub.Merges, Is.Empty);
        });
    }

    [Test]
    public async Task Production_deploys_the_sha_that_succeeded_on_staging_through_a_github_deployment()
    {
        var pr = GitHub.PullRequest(Shop, 304);
        await Send(Request(304, "staging"));
        await Reaches(IdOf(304, "staging"), m => m.Succeeded);

        await Send(Request(304, "production"));
        var production = await Reaches(IdOf(304, "production"), m => m.Succeeded);

        Assert.Multiple(() =>
        {
            Assert.That(production.Attempt.MergeSha, Is.EqualTo(pr.MergeSha));
            Assert.That(production.Attempt.Priority, Is.EqualTo(TaskPriority.Critical));
            Assert.That(GitHub.Merges, Has.Count.EqualTo(1), "merged once, for staging");
            Assert.That(GitHub.DeploymentsCreated, Is.EqualTo(new[] { (pr.MergeSha, "production") }));
        });
    }

    /// <summary>Deploys the PR to each target in turn, each to Succeeded.</summary>
    async Task SucceedsOn(int prNumber, params string[] targets)
    {
        foreach (var target in targets)
        {
            await Send(Request(prNumber, target));
            await Reaches(IdOf(prNumber, target), m => m.Succeeded);
        }
    }

    static IEnumerable<TestCaseData> FailuresThatLeaveTheTargetAsItWas()
    {
        yield return new TestCaseData(PipelineScript.Failed(new FailedJob("build", "dotnet publish", DeployStage.Build, "error CS1002: ; expected", null)))
            .SetName("a build that failed");
        yield return new TestCaseData(PipelineScript.Failed(new FailedJob("deploy", "helm upgrade", DeployStage.Deploy, "Error: UPGRADE FAILED", null)) with
        {
            Superseded = new Supersession("old", "newer", "workflow deploy-production.yml"),
        })
            .SetName("an earlier attempt's run that a newer SHA superseded");
    }

    [TestCaseSource(nameof(FailuresThatLeaveTheTargetAsItWas))]
    public async Task A_production_failure_that_never_changed_the_target_requests_no_rollback(PipelineObservation failure)
    {
        await SucceedsOn(307, "staging", "production");
        var bad = GitHub.PullRequest(Shop, 308);
        await SucceedsOn(308, "staging");
        GitHub.Pipeline(bad.MergeSha).Forever(failure);

        await Send(Request(308, "production"));
        await Reaches(IdOf(308, "production"), m => m.Failed);
        await PublishedOne<FixTaskRequested>(f => f.DeployId == IdOf(308, "production"));
        await PublishedOne<Announcement>(a => a.DeployId == IdOf(308, "production") && a.Kind == AnnouncementKind.Failed);

        Assert.That(Published<RollbackRequested>(r => r.DeployId == IdOf(308, "production")), Is.Empty, "the target runs what it ran: nothing to roll back");
    }

    [Test]
    public async Task A_critical_production_failure_requests_a_rollback_to_the_last_good_sha()
    {
        var good = GitHub.PullRequest(Shop, 305);
        await SucceedsOn(305, "staging", "production");

        var bad = GitHub.PullRequest(Shop, 306);
        await SucceedsOn(306, "staging");
        Smoke.Answer("production", _ => new SmokeReport([
            new SmokeCheckResult("GET /health", SmokeCheckKind.Health, false, "HTTP 200", "connection refused", 0)]));
        await Send(Request(306, "production"));
        await Reaches(IdOf(306, "production"), m => m.Failed);

        var rollback = await PublishedOne<RollbackRequested>(r => r.DeployId == IdOf(306, "production"));
        var fix = await PublishedOne<FixTaskRequested>(f => f.DeployId == IdOf(306, "production"));
        await PublishedOne<Announcement>(a => a.DeployId == IdOf(306, "production") && a.Kind == AnnouncementKind.RollbackRequested);

        Assert.Multiple(() =>
        {
            Assert.That(rollback.RollbackToSha, Is.EqualTo(good.MergeSha));
            Assert.That(rollback.FailedSha, Is.EqualTo(bad.MergeSha));
            Assert.That(rollback.Environment, Is.EqualTo("production"));
            Assert.That(rollback.FixTaskIds, Is.EqualTo(new[] { fix.FixTaskId }));
            Assert.That(fix.Priority, Is.EqualTo(TaskPriority.Critical));
            Assert.That(fix.Kind, Is.EqualTo(FixTaskKind.ServiceCrash));
        });
    }

    // Every command carries its attempt and every result repeats it: one that names none is no result of this attempt.
    [Test]
    public async Task A_result_that_names_no_attempt_decides_nothing()
    {
        var pr = GitHub.PullRequest(Shop, 502);
        GitHub.Pipeline(pr.MergeSha).Forever(PipelineScript.Running(DeployStage.Deploy));

        await Send(Request(502));
        await Reaches(IdOf(502), m => m.Deploying);
        await Harness.Bus.Publish(new DeploymentFailed { DeployId = IdOf(502), Attempt = 0, Problems = [], TargetChanged = true });
        await ConsumedOne<DeploymentFailed>(f => f.DeployId == IdOf(502));
        var afterIt = Deploys.Sagas.Contains(IdOf(502))!.CurrentState;
        GitHub.Pipeline(pr.MergeSha).Forever(PipelineScript.Succeeded);

        var deploy = await Reaches(IdOf(502), m => m.Succeeded);
        Assert.Multiple(() =>
        {
            Assert.That(afterIt, Is.EqualTo("Deploying"), "still watching its own pipeline");
            Assert.That(deploy.Attempt.Number, Is.EqualTo(1));
            Assert.That(Published<FixTaskRequested>(f => f.DeployId == IdOf(502)), Is.Empty, "the attempt-0 failure was ignored");
        });
    }
}
