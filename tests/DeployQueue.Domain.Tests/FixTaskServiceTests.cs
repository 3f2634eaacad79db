using DeployQueue.Contracts;
using DeployQueue.Domain.Configuration;
using DeployQueue.Domain.Ports;
using DeployQueue.Domain.Tests.Fakes;

namespace DeployQueue.Domain.Tests;

/// <summary>Which service a fix task names: the one the failed job's log names, else the target's configured service, else the environment.</summary>
[TestFixture]
public class FixTaskServiceTests : DeployQueueFixture
{
    protected override void Adjust(DeployQueueOptions options) => options.Targets["preview"].Service = "storefront";

    async Task<FixTaskRequested> FixTaskOf(int prNumber, string target, string job, string log)
    {
        var pr = GitHub.PullRequest(Shop, prNumber);
        GitHub.Pipeline(pr.MergeSha).Then(PipelineScript.Failed(new FailedJob(job, "Deploy", DeployStage.Deploy, log, "https://github.example/jobs/1")));
        await Send(Request(prNumber, target));
        await Reaches(IdOf(prNumber, target), m => m.Failed);
        return await PublishedOne<FixTaskRequested>(f => f.DeployId == IdOf(prNumber, target));
    }

    [Test]
    public async Task The_service_the_log_names_is_the_fix_tasks_service_and_its_causal_line_its_summary()
    {
        var fix = await FixTaskOf(301, "preview", "deploy", string.Join('\n',
            "Waiting for deployment \"orders-api\" rollout to finish: 0 of 2 updated replicas are available...",
            "orders-api-7d9f8c6b5d-x2x7q   0/1   ImagePullBackOff   0   2m",
            "error: deployment \"orders-api\" exceeded its progress deadline"));

        Assert.Multiple(() =>
        {
            Assert.That(fix.Kind, Is.EqualTo(FixTaskKind.DeploymentError));
            Assert.That(fix.Component, Is.EqualTo("orders-api"));
            Assert.That(fix.Title, Is.EqualTo("FIX: Deployment error in orders-api"));
            Assert.That(fix.Description, Does.Contain("ImagePullBackOff").And.Not.Contain("confidence"));
        });
    }

    [Test]
    public async Task A_log_that_names_no_service_puts_the_task_on_the_targets_configured_service()
    {
        var fix = await FixTaskOf(302, "preview", "deploy", "OOMKilled: the process used more than its 512Mi limit");

        Assert.Multiple(() =>
        {
            Assert.That(fix.Component, Is.EqualTo("storefront"));
            Assert.That(fix.Title, Is.EqualTo("FIX: Service crash in storefront"));
        });
    }

    [Test]
    public async Task Without_a_configured_service_the_task_names_the_environment()
    {
        var fix = await FixTaskOf(303, "staging", "deploy", "OOMKilled: the process used more than its 512Mi limit");

        Assert.That(fix.Title, Is.EqualTo("FIX: Service crash in staging"));
    }

    [Test]
    public async Task A_log_with_no_known_sign_says_the_kind_is_a_guess()
    {
        var fix = await FixTaskOf(304, "preview", "deploy", "step 1\nstep 2\nsomething went wrong");

        Assert.Multiple(() =>
        {
            Assert.That(fix.Kind, Is.EqualTo(FixTaskKind.DeploymentError));
            Assert.That(fix.Description, Does.Contain("Low confidence").And.Contain("something went wrong"));
        });
    }

    [Test]
    public async Task A_failed_health_check_names_the_targets_configured_service()
    {
        Smoke.Answer("preview", sha => new SmokeReport([
            new SmokeCheckResult("GET /health", SmokeCheckKind.Health, false, "HTTP 200", "HTTP 503 Service Unavailable", 20)]));

        await Send(Request(305, "preview"));

        await Reaches(IdOf(305, "preview"), m => m.Failed);
        var fix = await PublishedOne<FixTaskRequested>(f => f.DeployId == IdOf(305, "preview"));
        Assert.That(fix.Title, Is.EqualTo("FIX: Health check failure in storefront"));
    }
}
