using DeployQueue.Bench.Infrastructure;
using DeployQueue.Bench.Reporting;
using DeployQueue.Simulators.GitHub.Scripting;

namespace DeployQueue.Bench.Measurements;

/// <summary>
/// Detection: deploys whose pipeline fails in its last job (the service crashes at startup) a few seconds after the
/// merge. The simulated run advances with wall-clock time and fails at its last step, so GitHub shows it failed from
/// exactly the merge plus its delay; the latency is from that moment to
/// the FixTaskRequested reaching a downstream queue. DESIGN.md §10 bounds it by the poll interval plus one second.
/// </summary>
public static class DetectionLatencyBenchmark
{
    const string CrashLog = """
        Starting shop-api 2.4.1
        Unhandled exception. System.InvalidOperationException: Unable to resolve service for type 'IOrderRepository'
           at Microsoft.Extensions.DependencyInjection.ServiceLookup.CallSiteFactory.CreateArgumentCallSite
        Back-off restarting failed container shop-api in pod shop-api-7d9f8c6b5-x2x9k
        Error: Process completed with exit code 1.
        """;

    public static async Task<DetectionResult> Run(SimulatedWorld world, int deploys, TimeSpan pollInterval, TimeSpan failsAfter,
        BenchTuning tuning, TimeSpan bound)
    {
        await using var environment = await BenchEnvironment.Create();
        await using var service = await ServiceInstances.Start(1,
            world.ServiceSettings(environment.RabbitMq, environment.Postgres, pollInterval), tuning);
        await using var client = await BenchClient.Start(environment);

        // One deploy per repository, so no lane makes one wait for another. The failures are spread over one poll
        // interval after the merge, so they fall at every phase of the polling, not at one that happens to suit it.
        var failing = world.ReadyDeploys(Math.Min(deploys, world.Repositories.Count));
        var failsAt = failing.Select((deploy, i) => (Deploy: deploy, After: failsAfter + pollInterval * i / failing.Count)).ToList();
        foreach (var (deploy, after) in failsAt)
            world.PullRequest(deploy).OnMerge(PipelineScript.FailingIn("startup", CrashLog, pace: Pace.Over(after)));
        await client.RequestAll(failing);

        var ids = failing.Select(d => d.DeployId).ToList();
        await client.Milestones.WaitFor(ids, ids.Count, bound, Milestone.FixTaskRequested);
        var latencies = failsAt
            .Select(f => (FailedAt: world.PullRequest(f.Deploy).MergedAt + f.After,
                Detected: client.Milestones.At(f.Deploy.DeployId, Milestone.FixTaskRequested)))
            .Where(x => x is { FailedAt: not null, Detected: not null })
            .Select(x => (x.Detected!.Value - x.FailedAt!.Value).TotalMilliseconds)
            .ToList();
        return new DetectionResult(pollInterval, failsAfter, failing.Count, LatencySummary.Of(latencies),
            (pollInterval + TimeSpan.FromSeconds(1)).TotalMilliseconds);
    }
}
