using DeployQueue.Contracts;
using DeployQueue.Domain.Configuration;
using DeployQueue.Domain.Ports;
using DeployQueue.Domain.Tests.Fakes;
using Microsoft.Extensions.Options;

namespace DeployQueue.Domain.Tests;

/// <summary>
/// A target that serves the new version healthily only some time after its pipeline reported success is re-checked
/// until its smoke timeout (issue 12, item 5): only that timeout turns "not ready" into a failure, and a rollback.
/// </summary>
[TestFixture]
public class SmokeRecheckTests : DeployQueueFixture
{
    [Test]
    public async Task A_production_target_serving_the_new_version_after_several_runs_succeeds_without_fix_task_or_rollback()
    {
        var good = await LiveOnProduction(401);
        var pr = await PassedStaging(402);
        Smoke.NotReadyFor("production", runs: 4, sha => ScriptedSmoke.Running(good.MergeSha, sha));

        await Send(Request(402, "production"));

        var waiting = await Eventually(
            () => Deploys.Sagas.Contains(IdOf(402, "production"))?.Attempt.WaitingFor is { } why && why.StartsWith("target not ready") ? why : null,
            "the deploy never said that it waits for its target");
        var deploy = await Reaches(IdOf(402, "production"), m => m.Succeeded);
        await PublishedOne<E2ERequested>(e => e.DeployId == IdOf(402, "production"));

        Assert.Multiple(() =>
        {
            Assert.That(deploy.Attempt.MergeSha, Is.EqualTo(pr.MergeSha));
            Assert.That(waiting, Does.StartWith("target not ready: version").And.Contain(good.MergeSha), "what it waits for");
            Assert.That(Published<SmokeTestsPending>(p => p.DeployId == IdOf(402, "production")), Has.Count.EqualTo(4), "four runs not ready");
            Assert.That(SmokeRunsOf(IdOf(402, "production")), Is.EqualTo(5), "run again until ready");
            Assert.That(Published<FixTaskRequested>(f => f.DeployId == IdOf(402, "production")), Is.Empty);
            Assert.That(Published<RollbackRequested>(_ => true), Is.Empty);
            Assert.That(AnnouncementsOf(IdOf(402, "production")).Select(a => a.Kind),
                Has.No.Member(AnnouncementKind.Failed).And.No.Member(AnnouncementKind.InvestigationNeeded));
            Assert.That(deploy.Attempt.WaitingFor, Is.Null);
        });
    }

    [Test]
    public async Task A_production_target_never_healthy_fails_at_its_smoke_timeout_with_a_health_check_fix_task_and_a_rollback()
    {
        var good = await LiveOnProduction(403);
        var bad = await PassedStaging(404);
        Smoke.Answer("production", _ => ScriptedSmoke.Unhealthy());

        await Send(Request(404, "production"));

        var deploy = await Reaches(IdOf(404, "production"), m => m.Failed);
        var fix = await PublishedOne<FixTaskRequested>(f => f.DeployId == IdOf(404, "production"));
        var rollback = await PublishedOne<RollbackRequested>(r => r.DeployId == IdOf(404, "production"));
        var deployed = AnnouncementsOf(IdOf(404, "production")).Single(a => a.Kind == AnnouncementKind.Deployed);

        Assert.Multiple(() =>
        {
            Assert.That(deploy.Attempt.FinishedAt, Is.GreaterThanOrEqualTo(deployed.At + StepTimeout), "not before the smoke timeout");
            Assert.That(deploy.Attempt.FinishedAt, Is.GreaterThanOrEqualTo(deploy.Attempt.SmokeDeadline!.Value));
            Assert.That(SmokeRunsOf(IdOf(404, "production")), Is.GreaterThan(3), "re-checked until the smoke timeout");
            Assert.That(fix.Kind, Is.EqualTo(FixTaskKind.HealthCheckFailure));
            Assert.That(fix.Description, Does.Contain("HTTP 503"));
            Assert.That(Published<FixTaskRequested>(f => f.DeployId == IdOf(404, "production")), Has.Count.EqualTo(1));
            Assert.That(rollback.FailedSha, Is.EqualTo(bad.MergeSha));
            Assert.That(rollback.RollbackToSha, Is.EqualTo(good.MergeSha));
            Assert.That(deploy.Attempt.Outcome, Does.StartWith("Smoke tests failed"), "the last run decided, not the safety net");
            Assert.That(AnnouncementsOf(IdOf(404, "production")).Select(a => a.Kind), Has.No.Member(AnnouncementKind.InvestigationNeeded));
        });
    }

    [Test]
    public async Task A_target_serving_the_wrong_version_until_its_smoke_timeout_fails_with_a_health_check_fix_task()
    {
        const string oldSha = "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b";
        Smoke.Answer("staging", sha => ScriptedSmoke.Running(oldSha, sha));

        await Send(Request(405));

        var deploy = await Reaches(IdOf(405), m => m.Failed);
        var fix = await PublishedOne<FixTaskRequested>(f => f.DeployId == IdOf(405));

        Assert.Multiple(() =>
        {
            Assert.That(deploy.Attempt.FinishedAt, Is.GreaterThanOrEqualTo(deploy.Attempt.SmokeDeadline!.Value), "not before the smoke timeout");
            Assert.That(fix.Kind, Is.EqualTo(FixTaskKind.HealthCheckFailure));
            Assert.That(fix.Description, Does.Contain(oldSha));
            Assert.That(Published<RollbackRequested>(_ => true), Is.Empty, "staging does not roll back");
        });
    }

    [Test]
    public async Task A_failing_api_check_on_a_healthy_target_running_the_new_version_fails_at_once()
    {
        Smoke.Answer("staging", sha => new SmokeReport([
            .. ScriptedSmoke.Healthy(sha).Results,
            new SmokeCheckResult("GET /api/products", SmokeCheckKind.Api, false, "HTTP 200", "HTTP 500 after 9 ms: boom", 9)]));

        await Send(Request(406));

        var deploy = await Reaches(IdOf(406), m => m.Failed);
        var fix = await PublishedOne<FixTaskRequested>(f => f.DeployId == IdOf(406));

        Assert.Multiple(() =>
        {
            Assert.That(deploy.Attempt.FinishedAt, Is.LessThan(deploy.Attempt.SmokeDeadline!.Value), "an API failure waits for nothing");
            Assert.That(SmokeRunsOf(IdOf(406)), Is.EqualTo(1));
            Assert.That(Published<SmokeTestsPending>(p => p.DeployId == IdOf(406)), Is.Empty);
            Assert.That(fix.Description, Does.Contain("GET /api/products"));
        });
    }

    [Test]
    public async Task A_pending_result_of_an_earlier_attempt_does_not_run_the_checks_again()
    {
        Smoke.Answer("staging", _ => ScriptedSmoke.Unhealthy());
        await Send(Request(407));
        await Reaches(IdOf(407), m => m.Failed);
        Smoke.NeverReport("staging");
        await Send(Request(407));
        var deploy = await Reaches(IdOf(407), m => m.Smoke);
        Assert.That(deploy.Attempt.Number, Is.EqualTo(2));

        await Harness.Bus.Publish(new SmokeTestsPending { DeployId = IdOf(407), Attempt = 1, NotReady = "stale" });
        await ConsumedOne<SmokeTestsPending>(p => p.DeployId == IdOf(407) && p.NotReady == "stale");

        Assert.Multiple(() =>
        {
            Assert.That(deploy.Attempt.WaitingFor, Is.Null, "another attempt's result says nothing about this one");
            Assert.That(deploy.SmokeRecheckToken, Is.Null, "and schedules no re-check");
        });
        await Reaches(IdOf(407), m => m.Failed);
        Assert.That(SmokeRunsOf(IdOf(407), attempt: 2), Is.EqualTo(1), "no re-check for another attempt's result");
    }

    [TestCase(0, 100)]
    [TestCase(1, 200)]
    [TestCase(3, 800)]
    [TestCase(4, 1600)]
    [TestCase(20, 1600)]
    public void Each_recheck_waits_twice_as_long_as_the_last_up_to_sixteen_times_the_first(int rechecksSoFar, int expectedMs)
    {
        var due = Catalog().SmokeRecheckDue(rechecksSoFar, deadline: DateTimeOffset.MaxValue);

        Assert.That(due - DateTimeOffset.UtcNow, Is.EqualTo(TimeSpan.FromMilliseconds(expectedMs)).Within(TimeSpan.FromMilliseconds(50)));
    }

    [Test]
    public void The_last_recheck_is_due_at_the_smoke_deadline_and_none_before_now()
    {
        var deadline = DateTimeOffset.UtcNow.AddMilliseconds(300);

        Assert.Multiple(() =>
        {
            Assert.That(Catalog().SmokeRecheckDue(4, deadline), Is.EqualTo(deadline));
            Assert.That(Catalog().SmokeRecheckDue(4, DateTimeOffset.UtcNow.AddMinutes(-1)),
                Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMilliseconds(50)));
        });
    }

    static TargetCatalog Catalog() => new(Options.Create(new DeployQueueOptions { SmokeRecheck = TimeSpan.FromMilliseconds(100) }), TimeProvider.System);

    /// <summary>How often the saga sent the smoke checks of the attempt to run.</summary>
    int SmokeRunsOf(Guid deployId, int attempt = 1) =>
        Published<RunSmokeTests>(run => run.DeployId == deployId && run.Attempt == attempt).Count;
}
