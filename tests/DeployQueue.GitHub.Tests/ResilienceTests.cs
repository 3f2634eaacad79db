using System.Diagnostics;
using DeployQueue.Contracts;
using DeployQueue.Domain.Ports;
using DeployQueue.Simulators.GitHub;
using DeployQueue.Simulators.GitHub.Scripting;
using Octokit;

namespace DeployQueue.GitHub.Tests;

[TestFixture]
public class ResilienceTests : GitHubTestBed
{
    const string PullEndpoint = "GET /repos/{owner}/{repo}/pulls/{number}";

    /// <summary>An attempt GitHub does not answer is given up after half a second.</summary>
    static readonly GitHubRetryOptions ShortAttempts =
        new() { BaseDelay = TimeSpan.FromMilliseconds(20), MaxTotalWait = TimeSpan.FromSeconds(3), AttemptTimeout = TimeSpan.FromMilliseconds(500) };

    Task<GateResult> Gate() => PullRequests().EvaluateGate(RepositoryName, 7, new GateRules(1), CancellationToken.None);

    [TestCase(500)]
    [TestCase(502)]
    [TestCase(503)]
    public async Task Server_errors_are_retried(int status)
    {
        ReadyPullRequest();
        Simulator.Faults.FailNext(2, status, pathContains: RepositoryName + "/pulls/7");

        var gate = await Gate();

        Assert.That(gate.Verdict, Is.EqualTo(GateVerdict.Ready));
    }

    [TestCase(RandomFault.ConnectionReset)]
    [TestCase(RandomFault.Timeout)]
    [TestCase(RandomFault.SecondaryRateLimit)]
    public async Task A_read_GitHub_did_not_answer_is_retried(RandomFault fault)
    {
        ReadyPullRequest();
        Client = NewClient(ShortAttempts);
        Simulator.Faults.RetryAfter = TimeSpan.FromMilliseconds(100);
        var faultedBefore = Simulator.Requests.Faulted;
        Simulator.Faults.InjectNext(1, fault, pathContains: RepositoryName + "/pulls/7");

        Assert.That((await Gate()).Verdict, Is.EqualTo(GateVerdict.Ready));
        Assert.That(Simulator.Requests.Faulted - faultedBefore, Is.EqualTo(1), "the fault was injected");
    }

    [TestCase(RandomFault.BadGateway)]
    [TestCase(RandomFault.ConnectionReset)]
    [TestCase(RandomFault.Timeout)]
    public async Task A_merge_GitHub_did_not_answer_is_retried_and_merges_once(RandomFault fault)
    {
        var pull = ReadyPullRequest();
        Client = NewClient(ShortAttempts);
        var gate = await Gate();
        var faultedBefore = Simulator.Requests.Faulted;
        Simulator.Faults.InjectNext(1, fault, pathContains: RepositoryName + "/pulls/7/merge");

        var merge = await PullRequests().Merge(RepositoryName, 7, gate.HeadSha, MergeStrategy.Squash, "Deploy", CancellationToken.None);

        Assert.That(merge.Kind, Is.EqualTo(MergeOutcomeKind.Merged));
        Assert.That(pull.Merges, Is.EqualTo(1));
        Assert.That(Simulator.Requests.Faulted - faultedBefore, Is.EqualTo(1), "the fault was injected");
    }

    [TestCase(RandomFault.TooManyRequests)]
    [TestCase(RandomFault.SecondaryRateLimit)]
    public async Task A_merge_rate_limited_beyond_the_retry_budget_asks_to_be_retried_after_its_Retry_After_not_refused(RandomFault fault)
    {
        var pull = ReadyPullRequest();
        var gate = await Gate();
        Simulator.Faults.RetryAfter = TimeSpan.FromSeconds(60);
        Simulator.Faults.InjectNext(1, fault, pathContains: RepositoryName + "/pulls/7/merge");

        // A refusal would fail the deploy; the wait GitHub asked for sets the command aside for that long.
        var wait = Assert.ThrowsAsync<RetryAfterException>(
            () => PullRequests().Merge(RepositoryName, 7, gate.HeadSha, MergeStrategy.Squash, "Deploy", CancellationToken.None))!;
        Assert.That(wait.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(60)));
        Assert.That(pull.Merges, Is.Zero);
    }

    [Test]
    public async Task A_secondary_rate_limit_is_retried_after_Retry_After()
    {
        ReadyPullRequest();
        Simulator.Faults.RateLimitNext(1, TimeSpan.FromSeconds(1), pathContains: RepositoryName);
        var clock = Stopwatch.StartNew();

        var gate = await Gate();

        Assert.That(gate.Verdict, Is.EqualTo(GateVerdict.Ready));
        Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(0.9)));
    }

    [Test]
    public async Task A_spent_rate_limit_is_retried_after_its_reset()
    {
        ReadyPullRequest();
        Simulator.Faults.ExhaustRateLimitNext(1, TimeSpan.FromSeconds(1), pathContains: RepositoryName);

        Assert.That((await Gate()).Verdict, Is.EqualTo(GateVerdict.Ready));
    }

    [Test]
    public void Cancelling_the_caller_ends_the_GitHub_request_under_way()
    {
        ReadyPullRequest();
        // Far beyond the retry budget: without the caller's token the call would end in a TimeoutException instead.
        Simulator.Faults.Latency = TimeSpan.FromMinutes(1);
        using var stopping = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        try
        {
            Assert.That(() => PullRequests().EvaluateGate(RepositoryName, 7, new GateRules(1), stopping.Token),
                Throws.InstanceOf<OperationCanceledException>());
        }
        finally
        {
            Simulator.Faults.Latency = TimeSpan.Zero;
        }
    }

    [Test]
    public void A_wait_beyond_the_budget_surfaces_the_error_at_once()
    {
        ReadyPullRequest();
        Simulator.Faults.RateLimitNext(1, TimeSpan.FromMinutes(2), pathContains: RepositoryName);
        var clock = Stopwatch.StartNew();

        var wait = Assert.ThrowsAsync<RetryAfterException>(Gate)!;
        Assert.That(wait.RetryAfter, Is.EqualTo(TimeSpan.FromMinutes(2)));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(3)));
    }

    [Test]
    public void Persistent_server_errors_surface_after_bounded_retries_without_the_token()
    {
        ReadyPullRequest();
        Simulator.Faults.FailNext(10, 502, pathContains: RepositoryName);

        var error = Assert.ThrowsAsync(Is.InstanceOf<ApiException>(), Gate)!;

        Assert.That(error.ToString(), Does.Not.Contain(Token));
        Assert.That(((ApiException)error).HttpResponse.Headers.Values, Has.None.Contains(Token));
    }

    [Test]
    public void An_unknown_repository_fails_without_the_token_in_the_exception()
    {
        var error = Assert.ThrowsAsync<NotFoundException>(() =>
            PullRequests().EvaluateGate("acme/nowhere", 1, new GateRules(1), CancellationToken.None))!;

        Assert.That(error.ToString(), Does.Not.Contain(Token));
    }

    [Test]
    public async Task Unchanged_resources_come_back_as_304s_that_spend_no_rate_limit()
    {
        ReadyPullRequest();
        await Gate();
        var before = Simulator.Requests.For(PullEndpoint);

        await Gate();
        var after = Simulator.Requests.For(PullEndpoint);

        Assert.That(after.NotModified, Is.EqualTo(before.NotModified + 1));
        Assert.That(after.Spent, Is.EqualTo(before.Spent));
    }

    [Test]
    public async Task A_successful_deploy_spends_at_most_six_calls_once_its_base_branchs_required_checks_are_cached()
    {
        Repo.OnMerge(PipelineScript.Succeeding());
        ReadyPullRequest(6);
        // The branch's protection and rulesets are read once per branch; unchanged, they come back as free 304s.
        await PullRequests().EvaluateGate(RepositoryName, 6, new GateRules(1), CancellationToken.None);
        var pull = ReadyPullRequest();
        var spentBefore = Simulator.Requests.Spent;

        var gate = await Gate();
        var merge = await PullRequests().Merge(RepositoryName, 7, gate.HeadSha, MergeStrategy.Squash, "Deploy", CancellationToken.None);
        var observation = await Deployments().Observe(
            new PipelineQuery(RepositoryName, merge.MergeSha!, "deploy.yml", "staging", DeployTrigger.Merge, EarlierAttemptEndedAt: null),
            CancellationToken.None);

        Assert.That(observation.Status, Is.EqualTo(PipelineStatus.Succeeded));
        Assert.That(Simulator.Requests.Spent - spentBefore, Is.LessThanOrEqualTo(6));
    }
}
