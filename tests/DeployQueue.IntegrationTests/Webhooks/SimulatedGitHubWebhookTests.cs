using System.Net;
using DeployQueue.Contracts;
using DeployQueue.IntegrationTests.Infrastructure;
using DeployQueue.Service.Messaging;
using DeployQueue.Simulators.GitHub.Scripting;

namespace DeployQueue.IntegrationTests.Webhooks;

/// <summary>
/// The GitHub simulator delivering its changes to the service's webhook, as GitHub does, with polling an hour away:
/// the approval it reports merges, the failed run it reports becomes a fix task, the PR closed while it waits ends its
/// deploy, all promptly.
/// </summary>
[TestFixture]
public class SimulatedGitHubWebhookTests
{
    const string Secret = "a secret the simulator shares";
    const string Target = "staging";
    static readonly TimeSpan Promptly = TimeSpan.FromSeconds(10);
    static readonly TimeSpan Bound = TimeSpan.FromSeconds(45);

    EndToEndSystem _world = null!;
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
        var service = await _world.StartService();
        _world.GitHub.Webhooks.SendTo(new Uri(service.Http.BaseAddress!, "/webhooks/github"), Secret);
    }

    [OneTimeTearDown]
    public async Task StopSystem() => await _world.DisposeAsync();

    [Test]
    public async Task An_approval_on_github_merges_the_waiting_pr_promptly()
    {
        const int prNumber = 320;
        var pull = _world.GitHub.Repository(_repository).PullRequest(prNumber).Check("build", "completed", "success");
        _world.GitHub.Repository(_repository).OnMerge(_world.PipelineLandingOn(Target));
        await _world.SendToDeployQueue(SeedTask.Json(_repository, prNumber, Target));
        await _world.WaitForDeploy(_repository, prNumber, Bound, "AwaitingGate");

        pull.Approve("alice");

        var merged = await Eventually.Poll(() => Task.FromResult(pull.Merges), merges => merges > 0, Promptly);
        var succeeded = await _world.WaitForDeploy(_repository, prNumber, Bound, "Succeeded");
        await _world.GitHub.Webhooks.Drained();
        Assert.Multiple(() =>
        {
            Assert.That(merged, Is.EqualTo(1), $"merges within {Promptly} of the approval, with polling an hour away");
            Assert.That(succeeded?.CurrentState, Is.EqualTo("Succeeded"));
            Assert.That(_world.GitHub.Webhooks.Sent.Where(d => d.Event == "pull_request_review").Select(d => d.StatusCode),
                Is.Not.Empty.And.All.EqualTo((int)HttpStatusCode.OK));
            Assert.That(_world.GitHub.Webhooks.Sent.Select(d => d.StatusCode), Is.All.EqualTo((int)HttpStatusCode.OK), "every delivery taken");
        });
    }

    [Test]
    public async Task A_run_failing_on_github_becomes_a_fix_task_promptly()
    {
        const int prNumber = 321;
        _world.ReadyPullRequest(_repository, prNumber);
        _world.GitHub.Repository(_repository).OnMerge(PipelineScript.FailingIn("deploy", "Error: UPGRADE FAILED: timed out waiting for the condition",
            pace: Pace.Over(TimeSpan.FromSeconds(3))));

        await _world.SendToDeployQueue(SeedTask.Json(_repository, prNumber, Target));

        var deploying = await _world.WaitForDeploy(_repository, prNumber, Bound, "Deploying");
        Assert.That(deploying?.CurrentState, Is.EqualTo("Deploying"), "the first look saw the run in progress");
        var fixTasks = await _world.Inbox.WaitFor<FixTaskRequested>(DownstreamQueues.Execution,
            f => f.Repository == _repository && f.PrNumber == prNumber, found => found.Count > 0, Promptly);
        await _world.GitHub.Webhooks.Drained();
        Assert.Multiple(() =>
        {
            Assert.That(fixTasks, Has.Count.EqualTo(1), $"fix tasks within {Promptly} of the start, the run failing after 3 s, polling an hour away");
            Assert.That(_world.GitHub.Webhooks.Sent.Where(d => d.Event == "workflow_run").Select(d => d.StatusCode),
                Is.Not.Empty.And.All.EqualTo((int)HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task A_pr_closed_on_github_while_it_waits_at_the_gate_ends_its_deploy_announced_as_closed()
    {
        const int prNumber = 322;
        var pull = _world.GitHub.Repository(_repository).PullRequest(prNumber).Check("build", "completed", "success");
        await _world.SendToDeployQueue(SeedTask.Json(_repository, prNumber, Target));
        await _world.WaitForDeploy(_repository, prNumber, Bound, "AwaitingGate");

        pull.Close();

        var failed = await _world.Inbox.WaitFor<Announcement>(DownstreamQueues.Announce,
            a => a.Repository == _repository && a.PrNumber == prNumber && a.Kind == AnnouncementKind.Failed, found => found.Count > 0, Promptly);
        var deploy = await _world.WaitForDeploy(_repository, prNumber, Bound, "Failed");
        Assert.Multiple(() =>
        {
            Assert.That(failed, Has.Count.EqualTo(1), $"announced within {Promptly} of the close, with polling an hour away");
            Assert.That(failed[0].Message, Does.Contain("closed without being merged"));
            Assert.That(deploy?.CurrentState, Is.EqualTo("Failed"));
            Assert.That(_world.Inbox.Received<Announcement>(DownstreamQueues.Announce)
                .Where(a => a.Repository == _repository && a.PrNumber == prNumber).Select(a => a.Kind),
                Has.None.EqualTo(AnnouncementKind.ManualMergeNeeded));
            Assert.That(pull.Merges, Is.Zero);
        });
    }
}
