using DeployQueue.Contracts;
using DeployQueue.Domain.Ports;
using DeployQueue.Domain.StateMachines;
using DeployQueue.Domain.Tests.Fakes;

namespace DeployQueue.Domain.Tests;

[TestFixture]
public class DeployTests : DeployQueueFixture
{
    [Test]
    public async Task A_ready_pr_is_merged_deployed_smoke_tested_and_handed_to_e2e()
    {
        var pr = GitHub.PullRequest(Shop, 101);
        GitHub.Pipeline(pr.MergeSha).Then(PipelineScript.Running(DeployStage.Build), PipelineScript.Running(DeployStage.Deploy));

        await Send(Request(101));

        var deploy = await Reaches(IdOf(101), m => m.Succeeded);
        var e2e = await PublishedOne<E2ERequested>(e => e.DeployId == IdOf(101));
        var workspace = await PublishedOne<WorkspaceDestroyRequested>(w => w.DeployId == IdOf(101));
        await PublishedOne<Announcement>(a => a.DeployId == IdOf(101) && a.Kind == AnnouncementKind.Succeeded);

        Assert.Multiple(() =>
        {
            Assert.That(GitHub.Merges, Is.EqualTo(new[] { (Shop, 101, pr.HeadSha) }), "merged once, pinned to the gated head");
            Assert.That(deploy.Attempt.MergeSha, Is.EqualTo(pr.MergeSha));
            Assert.That(e2e.MergeSha, Is.EqualTo(pr.MergeSha));
            Assert.That(e2e.BaseUrl, Is.EqualTo("https://staging.shop.example"));
            Assert.That(e2e.CommitBuildTaskId, Is.EqualTo("build-101"));
            Assert.That(workspace.Branch, Is.EqualTo("feature/pr-101"));
            Assert.That(AnnouncementsOf(IdOf(101)).Select(a => a.Kind),
                Is.EqualTo(new[] { AnnouncementKind.Started, AnnouncementKind.Merged, AnnouncementKind.Deployed, AnnouncementKind.Succeeded }));
            Assert.That(AnnouncementsOf(IdOf(101)).Last().Duration, Is.Not.Null);
            Assert.That(Published<FixTaskRequested>(_ => true), Is.Empty);
        });
    }

    [Test]
    public async Task An_unapproved_pr_waits_outside_the_lane_and_goes_on_once_approved()
    {
        GitHub.PullRequest(Shop, 102).Gate(GateVerdict.ApprovalMissing, GateVerdict.ApprovalMissing, GateVerdict.ChecksPending);

        await Send(Request(102));

        var approval = await PublishedOne<Announcement>(a => a.DeployId == IdOf(102) && a.Kind == AnnouncementKind.ApprovalNeeded);
        await Reaches(IdOf(102), m => m.Succeeded);

        Assert.Multiple(() =>
        {
            Assert.That(approval.Message, Does.Contain("needs approval"));
            Assert.That(AnnouncementsOf(IdOf(102)).Count(a => a.Kind == AnnouncementKind.ApprovalNeeded), Is.EqualTo(1), "announced once");
            Assert.That(GitHub.Merges, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task A_pr_never_approved_fails_at_the_merge_timeout_unmerged()
    {
        GitHub.PullRequest(Shop, 103).Finally = GateVerdict.ApprovalMissing;

        await Send(Request(103));

        await Reaches(IdOf(103), m => m.AwaitingGate);
        var deploy = await Reaches(IdOf(103), m => m.Failed);
        var failed = await PublishedOne<Announcement>(a => a.DeployId == IdOf(103) && a.Kind == AnnouncementKind.Failed);

        Assert.Multiple(() =>
        {
            // The gate's own words while the deploy waits at it, or, when the timeout finds it queued again for a re-check, the approval
            // it announced as missing.
            Assert.That(deploy.Attempt.Outcome, Does.Contain("not ready to merge"));
            Assert.That(deploy.Attempt.Outcome, Does.Contain("gate: ApprovalMissing").Or.Contain("(approval missing)"), "says why");
            Assert.That(failed.Message, Does.Contain("not ready to merge"));
            Assert.That(GitHub.Merges, Is.Empty);
        });
    }

    [Test]
    public async Task A_merge_conflict_becomes_a_merge_conflict_fix_task()
    {
        GitHub.PullRequest(Shop, 104).Gate(GateVerdict.Conflict);

        var request = Request(104);
        await Send(request);

        await Reaches(IdOf(104), m => m.Failed);
        var fix = await PublishedOne<FixTaskRequested>(f => f.DeployId == IdOf(104));
        var failed = await PublishedOne<Announcement>(a => a.DeployId == IdOf(104) && a.Kind == AnnouncementKind.Failed);

        Assert.Multiple(() =>
        {
            Assert.That(fix.Kind, Is.EqualTo(FixTaskKind.MergeConflict));
            Assert.That(fix.Title, Is.EqualTo("FIX: Merge conflict in PR #104"));
            Assert.That(fix.Priority, Is.EqualTo(TaskPriority.High), "staging failures are high priority");
            Assert.That(fix.PrUrl, Is.EqualTo("https://github.com/acme/shop/pull/104"));
            Assert.That(fix.DeployTaskId, Is.EqualTo(request.TaskId));
            Assert.That(fix.CommitBuildTaskId, Is.EqualTo("build-104"));
            Assert.That(fix.WorkspaceKept, Is.True);
            Assert.That(failed.Links.Select(l => l.Url), Does.Contain($"urn:fix-task:{fix.FixTaskId}"));
            Assert.That(GitHub.Merges, Is.Empty);
            Assert.That(Published<WorkspaceDestroyRequested>(_ => true), Is.Empty, "the workspace is kept");
        });
    }

    [Test]
    public async Task Each_failing_required_check_becomes_a_checks_failing_fix_task()
    {
        var pr = GitHub.PullRequest(Shop, 105).Gate(GateVerdict.ChecksFailing);
        pr.Checks = [new CheckProblem("unit-tests", "failure", "https://github.example/checks/1", "3 tests failed"),
                     new CheckProblem("lint", "timed_out", "https://github.example/checks/2", null)];

        await Send(Request(105));

        await Reaches(IdOf(105), m => m.Failed);
        await PublishedOne<Announcement>(a => a.DeployId == IdOf(105) && a.Kind == AnnouncementKind.Failed);
        var fixes = Published<FixTaskRequested>(f => f.DeployId == IdOf(105));

        Assert.Multiple(() =>
        {
            Assert.That(fixes.Select(f => f.Kind), Is.All.EqualTo(FixTaskKind.ChecksFailing));
            Assert.That(fixes.Select(f => f.Component), Is.EquivalentTo(new[] { "unit-tests", "lint" }));
            Assert.That(fixes.Single(f => f.Component == "unit-tests").LogUrl, Is.EqualTo("https://github.example/checks/1"));
            Assert.That(fixes.Single(f => f.Component == "unit-tests").LogExcerpt, Is.EqualTo("3 tests failed"));
            Assert.That(GitHub.Merges, Is.Empty);
        });
    }

    [Test]
    public async Task A_merge_that_lands_after_the_merge_timeout_is_announced_for_investigation()
    {
        var pr = GitHub.PullRequest(Shop, 113);
        pr.MergeTakes = StepTimeout + TimeSpan.FromSeconds(1);

        await Send(Request(113));

        await Reaches(IdOf(113), m => m.Failed);
        var investigate = await PublishedOne<Announcement>(a => a.DeployId == IdOf(113) && a.Kind == AnnouncementKind.InvestigationNeeded);

        Assert.Multiple(() =>
        {
            Assert.That(investigate.Message, Does.Contain(pr.MergeSha[..7]).And.Contain("not watched"));
            Assert.That(GitHub.Merges, Has.Count.EqualTo(1));
        });
    }

    [TestCase(405, "Base branch was modified")]
    [TestCase(422, "Required status check \"ci\" is expected")]
    public async Task A_merge_refused_by_github_asks_for_a_manual_merge(int status, string message)
    {
        GitHub.PullRequest(Shop, 106).MergeOutcome = new MergeOutcome(MergeOutcomeKind.Refused, null, status, message);

        await Send(Request(106));

        await Reaches(IdOf(106), m => m.Failed);
        var manual = await PublishedOne<Announcement>(a => a.DeployId == IdOf(106) && a.Kind == AnnouncementKind.ManualMergeNeeded);

        Assert.Multiple(() =>
        {
            Assert.That(manual.Message, Does.Contain(status.ToString()).And.Contain(message));
            Assert.That(Published<FixTaskRequested>(_ => true), Is.Empty);
        });
    }

    [Test]
    public async Task A_failed_deployment_becomes_a_classified_fix_task_with_every_link()
    {
        var pr = GitHub.PullRequest(Shop, 107);
        GitHub.Pipeline(pr.MergeSha).Then(
            PipelineScript.Running(DeployStage.Build),
            PipelineScript.Failed(new FailedJob("migrate-db", "Run migrations", DeployStage.Deploy,
                "Applying migration 20261101_AddOrders...\nERROR: relation \"orders\" already exists\nMigration failed",
                "https://github.example/actions/runs/1/jobs/7")));

        var request = Request(107);
        await Send(request);

        var deploy = await Reaches(IdOf(107), m => m.Failed);
        var fix = await PublishedOne<FixTaskRequested>(f => f.DeployId == IdOf(107));

        Assert.Multiple(() =>
        {
            Assert.That(fix.Kind, Is.EqualTo(FixTaskKind.DatabaseMigration));
            Assert.That(fix.Title, Is.EqualTo("FIX: Database migration issue"));
            Assert.That(fix.MergeSha, Is.EqualTo(pr.MergeSha));
            Assert.That(fix.Stage, Is.EqualTo(DeployStage.Deploy));
            Assert.That(fix.LogExcerpt, Does.Contain("relation \"orders\" already exists"));
            Assert.That(fix.LogUrl, Is.EqualTo("https://github.example/actions/runs/1/jobs/7"));
            Assert.That(fix.Description, Does.Contain(pr.MergeSha).And.Contain("build-107").And.Contain(request.TaskId));
            Assert.That(deploy.Attempt.FixTasks, Is.EqualTo(new[] { RequestedFixTask.Of(fix) }));
            Assert.That(Published<RollbackRequested>(_ => true), Is.Empty, "staging does not roll back");
        });
    }

    [Test]
    public async Task A_deployment_that_never_finishes_asks_for_investigation_at_the_deploy_timeout()
    {
        var pr = GitHub.PullRequest(Shop, 108);
        GitHub.Pipeline(pr.MergeSha).Forever(PipelineScript.Running(DeployStage.Deploy));

        await Send(Request(108));

        await Reaches(IdOf(108), m => m.Deploying);
        var deploy = await Reaches(IdOf(108), m => m.Failed);
        var investigate = await PublishedOne<Announcement>(a => a.DeployId == IdOf(108) && a.Kind == AnnouncementKind.InvestigationNeeded);

        Assert.Multiple(() =>
        {
            Assert.That(investigate.Message, Does.Contain("did not finish").And.Contain("Deploy"));
            Assert.That(deploy.Attempt.Outcome, Does.Contain("timed out"));
            Assert.That(Published<FixTaskRequested>(_ => true), Is.Empty);
        });
    }

    [Test]
    public async Task Looks_at_the_pipeline_that_fault_do_not_end_the_watch()
    {
        var pr = GitHub.PullRequest(Shop, 112);
        GitHub.Pipeline(pr.MergeSha).FailLooks(3);

        await Send(Request(112));

        var deploy = await Reaches(IdOf(112), m => m.Succeeded);
        Assert.That(deploy.Attempt.MergeSha, Is.EqualTo(pr.MergeSha));
    }

    [Test]
    public async Task An_unhealthy_service_after_deploy_becomes_a_health_check_fix_task()
    {
        Smoke.Answer("staging", sha => new SmokeReport([
            new SmokeCheckResult("GET /health", SmokeCheckKind.Health, false, "HTTP 200", "HTTP 503 Service Unavailable", 20),
            new SmokeCheckResult("version", SmokeCheckKind.Version, true, sha, sha, 5)]));

        await Send(Request(109));

        await Reaches(IdOf(109), m => m.Failed);
        var fix = await PublishedOne<FixTaskRequested>(f => f.DeployId == IdOf(109));

        Assert.Multiple(() =>
        {
            Assert.That(fix.Kind, Is.EqualTo(FixTaskKind.HealthCheckFailure));
            Assert.That(fix.Title, Is.EqualTo("FIX: Health check failure in staging"));
            Assert.That(fix.Stage, Is.EqualTo(DeployStage.Smoke));
            Assert.That(fix.Description, Does.Contain("HTTP 503"));
            Assert.That(Published<E2ERequested>(_ => true), Is.Empty);
        });
    }

    [Test]
    public async Task A_fix_task_is_as_urgent_as_the_targets_environment_whatever_the_targets_name()
    {
        Smoke.Answer("prod-eu", sha => new SmokeReport([
            new SmokeCheckResult("GET /health", SmokeCheckKind.Health, false, "HTTP 200", "HTTP 503 Service Unavailable", 20)]));

        await Send(Request(111, "prod-eu"));

        await Reaches(IdOf(111, "prod-eu"), m => m.Failed);
        var fix = await PublishedOne<FixTaskRequested>(f => f.DeployId == IdOf(111, "prod-eu"));

        Assert.Multiple(() =>
        {
            Assert.That(fix.Priority, Is.EqualTo(TaskPriority.Critical), "a production environment");
            Assert.That(fix.Title, Is.EqualTo("FIX: Health check failure in prod-eu"));
        });
    }

    [Test]
    public async Task Smoke_tests_that_never_report_ask_for_investigation_at_the_smoke_timeout()
    {
        Smoke.NeverReport("staging");

        await Send(Request(110));

        await Reaches(IdOf(110), m => m.Smoke);
        await Reaches(IdOf(110), m => m.Failed);
        var investigate = await PublishedOne<Announcement>(a => a.DeployId == IdOf(110) && a.Kind == AnnouncementKind.InvestigationNeeded);

        Assert.That(investigate.Message, Does.Contain("smoke tests"));
    }
}
