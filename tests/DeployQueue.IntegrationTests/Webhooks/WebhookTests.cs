using System.Net;
using DeployQueue.Contracts;
using DeployQueue.Domain.Ports;
using DeployQueue.IntegrationTests.Infrastructure;
using DeployQueue.Service.Messaging;
using DeployQueue.Simulators.GitHub.Scripting;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace DeployQueue.IntegrationTests.Webhooks;

/// <summary>
/// `POST /webhooks/github` on the real service host (RabbitMQ, PostgreSQL), with deliveries built from GitHub's own
/// example payloads and signed as GitHub signs them. Polling is set to an hour, so whatever happens promptly happened
/// because of a delivery.
/// </summary>
[TestFixture]
public class WebhookTests
{
    const string Secret = "It's a Secret to Everybody";
    const string Target = "staging";
    /// <summary>Far below the hour polling would take: what a delivery makes happen, happens within it.</summary>
    static readonly TimeSpan Promptly = TimeSpan.FromSeconds(10);
    static readonly TimeSpan Bound = TimeSpan.FromSeconds(45);

    EndToEndSystem _world = null!;
    RunningService _first = null!;
    readonly ConsumedHints _hints = new();
    string _repository = "";

    [OneTimeSetUp]
    public async Task StartSystem()
    {
        _world = await EndToEndSystem.Create(settings: new Dictionary<string, string?>
        {
            ["DeployQueue:GitHub:Webhooks:Enabled"] = "true",
            ["DeployQueue:GitHub:WebhookSecret"] = Secret,
            ["DeployQueue:GitHub:PollInterval"] = "01:00:00",
            ["DeployQueue:GitHub:PollIntervalWithWebhooks"] = "01:00:00",
        });
        _repository = _world.Repositories[0];
        _first = await _world.StartService(bus => bus.AddConsumeObserver(_ => _hints));
    }

    [OneTimeTearDown]
    public async Task StopSystem() => await _world.DisposeAsync();

    GitHubDelivery Review(int prNumber, string? headSha = null) =>
        GitHubDelivery.From("pull_request_review", "pull_request_review.submitted", _repository, payload =>
        {
            payload["pull_request"]!["number"] = prNumber;
            payload["review"]!["state"] = "approved";
            if (headSha is not null)
                payload["review"]!["commit_id"] = headSha;
        });

    /// <summary>A delivery that is taken: once its hint is consumed, whatever was published before it has been too.</summary>
    async Task<GitHubChangeNoticed> Taken(GitHubDelivery delivery, RunningService? to = null)
    {
        using var response = await delivery.PostTo((to ?? _first).Http, Secret);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var hints = await Eventually.Poll(() => Task.FromResult(_hints.Of(delivery.DeliveryId)), found => found.Count > 0, Bound);
        Assert.That(hints, Is.Not.Empty, $"no hint of delivery {delivery.DeliveryId} was consumed");
        return hints[0];
    }

    Task<bool> Recorded(string deliveryId) =>
        _first.Services.GetRequiredService<IWebhookDeliveries>().Contains(deliveryId, CancellationToken.None);

    [Test]
    public async Task A_signed_review_becomes_a_hint_for_its_pr()
    {
        var hint = await Taken(Review(301));

        Assert.Multiple(async () =>
        {
            Assert.That(hint.Repository, Is.EqualTo(_repository));
            Assert.That(hint.Concerns, Is.EqualTo(GitHubChangeConcern.Gate));
            Assert.That(hint.PrNumbers, Is.EqualTo(new[] { 301 }));
            Assert.That(await Recorded(hint.DeliveryId), Is.True);
        });
    }

    [Test]
    public async Task A_delivery_with_a_wrong_signature_or_none_is_refused_and_changes_nothing()
    {
        var forged = Review(302);
        var unsigned = Review(302);

        using var wrong = await forged.PostTo(_first.Http, "not the secret");
        using var none = await unsigned.PostTo(_first.Http, null);
        await Taken(Review(302));

        Assert.Multiple(async () =>
        {
            Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(none.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(await wrong.Content.ReadAsStringAsync(), Does.Contain("X-Hub-Signature-256").And.Not.Contain(Secret));
            Assert.That(_hints.Of(forged.DeliveryId), Is.Empty);
            Assert.That(_hints.Of(unsigned.DeliveryId), Is.Empty);
            Assert.That(await Recorded(forged.DeliveryId), Is.False);
            Assert.That(await Recorded(unsigned.DeliveryId), Is.False);
        });
    }

    [Test]
    public async Task A_redelivery_is_acknowledged_and_ignored()
    {
        var delivery = Review(303);

        await Taken(delivery);
        using var again = await delivery.PostTo(_first.Http, Secret);
        await Taken(Review(303));

        Assert.Multiple(async () =>
        {
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await again.Content.ReadAsStringAsync(), Does.Contain("received before"));
            Assert.That(_hints.Of(delivery.DeliveryId), Has.Count.EqualTo(1), "hints of the delivery");
        });
    }

    [Test]
    public async Task A_rollout_steps_deployment_status_with_its_numeric_payload_becomes_a_deployment_hint()
    {
        const string canary = "4f2c9e1d8b7a6c5e4d3f2a1b0c9d8e7f6a5b4c3d";
        // As GitHub delivers it for a step the queue created: the Deployment's payload as sent, its numbers as JSON numbers.
        var status = GitHubDelivery.From("deployment_status", "deployment_status", _repository, payload =>
        {
            payload["deployment"]!["sha"] = canary;
            payload["deployment"]!["payload"] = new System.Text.Json.Nodes.JsonObject
            {
                ["weight"] = 10, ["step"] = 1, ["of"] = 3, ["canary"] = canary, ["stable"] = "1111111111111111111111111111111111111111",
            };
            payload["deployment_status"]!["environment_url"] = "https://green.example.com";
        });

        var hint = await Taken(status);

        Assert.That((hint.Concerns, hint.Sha), Is.EqualTo((GitHubChangeConcern.Deployment, (string?)canary)));
    }

    [Test]
    public async Task An_event_the_queue_does_not_use_is_acknowledged_and_ignored()
    {
        var job = GitHubDelivery.From("workflow_job", "workflow_job.completed.success", _repository);

        using var response = await job.PostTo(_first.Http, Secret);
        await Taken(Review(304));

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("ignored"));
            Assert.That(_hints.Of(job.DeliveryId), Is.Empty);
        });
    }

    [Test]
    public async Task A_body_over_the_limit_is_refused_with_413()
    {
        var oversized = GitHubDelivery.From("pull_request_review", "pull_request_review.submitted", _repository,
            payload => payload["padding"] = new string('x', 1024 * 1024));

        using var response = await oversized.PostTo(_first.Http, Secret);

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
            Assert.That(await Recorded(oversized.DeliveryId), Is.False);
        });
    }

    [Test]
    public async Task A_pr_waiting_for_approval_merges_promptly_once_the_approval_is_delivered()
    {
        const int prNumber = 310;
        var pull = _world.GitHub.Repository(_repository).PullRequest(prNumber).Check("build", "completed", "success");
        _world.GitHub.Repository(_repository).OnMerge(_world.PipelineLandingOn(Target));
        await _world.SendToDeployQueue(SeedTask.Json(_repository, prNumber, Target));
        var waiting = await _world.WaitForDeploy(_repository, prNumber, Bound, "AwaitingGate");
        Assert.That(waiting?.CurrentState, Is.EqualTo("AwaitingGate"));
        Assert.That(await _world.PendingScheduleDueAt(waiting!.GateRecheckToken!.Value), Is.GreaterThan(DateTimeOffset.UtcNow.AddMinutes(30)),
            "the gate's next poll is an hour away");

        pull.Approve("alice");
        await Taken(Review(prNumber, pull.HeadSha));

        var merged = await Eventually.Poll(() => Task.FromResult(pull.Merges), merges => merges > 0, Promptly);
        Assert.That(merged, Is.EqualTo(1), $"merges within {Promptly} of the approval's delivery, with polling an hour away");
    }

    [Test]
    public async Task A_failed_run_delivered_becomes_a_fix_task_promptly()
    {
        const int prNumber = 311;
        var pull = _world.ReadyPullRequest(_repository, prNumber);
        _world.GitHub.Repository(_repository).OnMerge(PipelineScript.FailingIn("deploy", "Error: UPGRADE FAILED: timed out waiting for the condition",
            pace: Pace.Over(TimeSpan.FromSeconds(2))));
        await _world.SendToDeployQueue(SeedTask.Json(_repository, prNumber, Target));
        var deploying = await _world.WaitForDeploy(_repository, prNumber, Bound, "Deploying");
        Assert.That(deploying?.CurrentState, Is.EqualTo("Deploying"), "the first look saw the run in progress");
        Assert.That(await _world.PendingScheduleDueAt(deploying!.DeploymentRecheckToken!.Value), Is.GreaterThan(DateTimeOffset.UtcNow.AddMinutes(30)),
            "the deployment's next poll is an hour away");
        var mergeSha = pull.MergeCommitSha!;
        await Eventually.Until(() => Task.FromResult(_world.GitHub.Repository(_repository).CompletedWorkflowRunShas),
            shas => shas.Contains(mergeSha), Bound, "the run failed on GitHub");

        await Taken(GitHubDelivery.From("workflow_run", "workflow_run.completed", _repository, payload =>
        {
            payload["workflow_run"]!["head_sha"] = mergeSha;
            payload["workflow_run"]!["conclusion"] = "failure";
        }));

        var fixTasks = await _world.Inbox.WaitFor<FixTaskRequested>(DownstreamQueues.Execution,
            f => f.Repository == _repository && f.PrNumber == prNumber, found => found.Count > 0, Promptly);
        Assert.That(fixTasks, Has.Count.EqualTo(1), $"fix tasks within {Promptly} of the run's delivery, with polling an hour away");
        Assert.That(fixTasks[0].MergeSha, Is.EqualTo(mergeSha));
    }

    [Test]
    public async Task A_delivery_to_another_instance_reaches_the_deploy()
    {
        const int prNumber = 312;
        var pull = _world.GitHub.Repository(_repository).PullRequest(prNumber).Check("build", "completed", "success");
        _world.GitHub.Repository(_repository).OnMerge(_world.PipelineLandingOn(Target));
        await _world.SendToDeployQueue(SeedTask.Json(_repository, prNumber, Target));
        // So far only the first instance runs: it alone has processed this deploy.
        await _world.WaitForDeploy(_repository, prNumber, Bound, "AwaitingGate");
        var second = await _world.StartService(bus => bus.AddConsumeObserver(_ => _hints));

        pull.Approve("alice");
        await Taken(Review(prNumber, pull.HeadSha), to: second);

        var merged = await Eventually.Poll(() => Task.FromResult(pull.Merges), merges => merges > 0, Promptly);
        Assert.That(merged, Is.EqualTo(1));
    }
}
