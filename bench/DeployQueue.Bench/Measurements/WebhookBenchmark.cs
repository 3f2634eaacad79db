using System.Globalization;
using DeployQueue.Bench.Infrastructure;
using DeployQueue.Bench.Reporting;
using DeployQueue.Simulators.GitHub.Scripting;

namespace DeployQueue.Bench.Measurements;

/// <summary>
/// Webhooks against polling (issue 14), one service instance each, on a virtual host and database of its own. First
/// with webhooks off and the bench's poll interval; then with webhooks on, polling an hour away, and the GitHub
/// simulator posting its own signed deliveries (<see cref="SimulatedWorld.SendWebhooksTo"/>) to the instance's
/// <c>POST /webhooks/github</c>. In each mode, after a warm-up deploy per repository (the gate's branch rules are read
/// once per branch, then answered 304):
/// ready deploys (approved and green before the request: the cost of the usual path); deploys waiting at the gate,
/// each approved in turn 100 ms apart (from the approval, whose delivery leaves at once, to the merge call reaching
/// GitHub); deploys whose pipeline fails in its last job a few seconds after the merge, spread over one poll interval
/// of the polling mode (from the moment GitHub shows the run failed, its delivery leaving 20 ms later, to the
/// FixTaskRequested reaching a downstream queue).
/// </summary>
public static class WebhookBenchmark
{
    const string Secret = "bench webhook secret";
    static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    static readonly TimeSpan ApprovalSpacing = TimeSpan.FromMilliseconds(100);

    public static async Task<WebhookResult> Run(SimulatedWorld world, int deploys, TimeSpan pollInterval, TimeSpan failsAfter,
        BenchTuning tuning, TimeSpan bound)
    {
        if (world.WebhooksSentTo is not null)
            throw new InvalidOperationException("The simulator already delivers webhooks: the polling mode must run first.");
        var polling = await RunMode(world, webhooks: false, deploys, pollInterval, pollInterval, failsAfter, tuning, bound);
        var withWebhooks = await RunMode(world, webhooks: true, deploys, Hour, pollInterval, failsAfter, tuning, bound);
        return new WebhookResult(polling, withWebhooks);
    }

    static async Task<WebhookModeResult> RunMode(SimulatedWorld world, bool webhooks, int deploys, TimeSpan pollInterval,
        TimeSpan spread, TimeSpan failsAfter, BenchTuning tuning, TimeSpan bound)
    {
        await using var environment = await BenchEnvironment.Create();
        var settings = world.ServiceSettings(environment.RabbitMq, environment.Postgres, pollInterval);
        settings["DeployQueue:GitHub:Webhooks:Enabled"] = webhooks ? "true" : "false";
        if (webhooks)
        {
            settings["DeployQueue:GitHub:WebhookSecret"] = Secret;
            settings["DeployQueue:GitHub:PollIntervalWithWebhooks"] = Hour.ToString("c", CultureInfo.InvariantCulture);
        }
        await using var service = await ServiceInstances.Start(1, settings, tuning);
        await using var client = await BenchClient.Start(environment);
        if (webhooks)
            world.SendWebhooksTo(new Uri(service.BaseAddresses[0], "/webhooks/github"), Secret);
        var deliveriesBefore = world.GitHub.Webhooks.Sent.Count;
        var count = Math.Min(deploys, world.Repositories.Count);

        // Warm-up: one deploy per repository, so the gate's branch rules are cached (304s) as in a service that has run a while.
        var warmUp = world.ReadyDeploys(world.Repositories.Count);
        await client.RequestAll(warmUp);
        await client.Milestones.WaitFor(Ids(warmUp), warmUp.Count, bound, Milestone.Succeeded, Milestone.Failed);

        // Ready deploys: the usual path, as in the end-to-end rows.
        world.GitHub.Requests.Reset();
        var ready = world.ReadyDeploys(count);
        await client.RequestAll(ready);
        await client.Milestones.WaitFor(Ids(ready), ready.Count, bound, Milestone.Succeeded, Milestone.Failed);
        var readySucceeded = Succeeded(client, ready);
        var readyCost = GitHubCost.Of(world.GitHub.Requests, readySucceeded);

        // Approval at the gate: each PR green but not approved when requested; approved once every deploy waits at the gate.
        world.GitHub.Requests.Reset();
        var waiting = Enumerable.Range(0, count).Select(i =>
        {
            var deploy = world.NewDeploy(world.Repositories[i]);
            world.PullRequest(deploy).Check("build", "completed", "success");
            return deploy;
        }).ToList();
        await client.RequestAll(waiting);
        await WaitAtGate(environment, waiting.Count, bound);
        var approvedAt = new Dictionary<Guid, DateTimeOffset>();
        foreach (var deploy in waiting)
        {
            approvedAt[deploy.DeployId] = DateTimeOffset.UtcNow;
            world.PullRequest(deploy).Approve("bench");
            await Task.Delay(ApprovalSpacing);
        }
        await client.Milestones.WaitFor(Ids(waiting), waiting.Count, bound, Milestone.Succeeded, Milestone.Failed);
        var approvalLatencies = waiting
            .Select(d => (Approved: approvedAt[d.DeployId], Merged: world.PullRequest(d).MergedAt))
            .Where(x => x.Merged is not null)
            .Select(x => (x.Merged!.Value - x.Approved).TotalMilliseconds)
            .ToList();
        var approvedSucceeded = Succeeded(client, waiting);
        var approvalCost = GitHubCost.Of(world.GitHub.Requests, approvedSucceeded);

        // A failed pipeline: the run fails in its last job failsAfter plus i/N of the polling mode's interval after the merge.
        world.GitHub.Requests.Reset();
        var failing = world.ReadyDeploys(count);
        var failsAt = failing.Select((deploy, i) => (Deploy: deploy, After: failsAfter + spread * i / failing.Count)).ToList();
        foreach (var (deploy, after) in failsAt)
            world.PullRequest(deploy).OnMerge(PipelineScript.FailingIn("startup", "Error: Process completed with exit code 1.", pace: Pace.Over(after)));
        await client.RequestAll(failing);
        await client.Milestones.WaitFor(Ids(failing), failing.Count, bound, Milestone.FixTaskRequested);
        var failureLatencies = failsAt
            .Select(f => (FailedAt: world.PullRequest(f.Deploy).MergedAt + f.After,
                Detected: client.Milestones.At(f.Deploy.DeployId, Milestone.FixTaskRequested)))
            .Where(x => x is { FailedAt: not null, Detected: not null })
            .Select(x => (x.Detected!.Value - x.FailedAt!.Value).TotalMilliseconds)
            .ToList();
        var fixTasks = failureLatencies.Count;
        var failureCost = GitHubCost.Of(world.GitHub.Requests, fixTasks);

        await world.GitHub.Webhooks.Drained();
        var deliveries = world.GitHub.Webhooks.Sent.Skip(deliveriesBefore).ToList();
        return new WebhookModeResult(webhooks, pollInterval, count,
            readySucceeded, readyCost,
            LatencySummary.Of(approvalLatencies), approvedSucceeded, approvalCost,
            LatencySummary.Of(failureLatencies), fixTasks, failureCost,
            deliveries.Count, deliveries.Count(d => d.StatusCode is < 200 or >= 300));
    }

    static List<Guid> Ids(IEnumerable<BenchDeploy> deploys) => deploys.Select(d => d.DeployId).ToList();

    static int Succeeded(BenchClient client, IEnumerable<BenchDeploy> deploys) =>
        deploys.Count(d => client.Milestones.At(d.DeployId, Milestone.Succeeded) is not null);

    /// <summary>
    /// Waits until <paramref name="count"/> deploys have come to wait at the gate (their first look found no approval).
    /// Read from the history, not the current state: with polling each one leaves AwaitingGate for a moment at every re-check.
    /// </summary>
    static async Task WaitAtGate(BenchEnvironment environment, int count, TimeSpan bound)
    {
        const string sql = """SELECT count(DISTINCT "DeployId") FROM deploy_transitions WHERE "ToState" = 'AwaitingGate'""";
        var until = DateTimeOffset.UtcNow + bound;
        while (await environment.Scalar(sql) < count)
        {
            if (DateTimeOffset.UtcNow > until)
                throw new TimeoutException($"Fewer than {count} deploys reached AwaitingGate within {bound}.");
            await Task.Delay(50);
        }
    }
}
