using DeployQueue.Bench.Infrastructure;
using DeployQueue.Bench.Reporting;
using DeployQueue.Simulators.GitHub.Scripting;

namespace DeployQueue.Bench.Measurements;

/// <summary>
/// Detection: deploys whose pipeline fails in its deploy job a few seconds after the merge (a failed database
/// migration). GitHub shows the run failed from the merge plus <c>failsAfter</c>; the latency is from that moment to
/// the FixTaskRequested reaching a downstream queue. DESIGN.md §10 bounds it by the poll interval plus one second.
/// </summary>
public static class DetectionLatencyBenchmark
{
    const string MigrationLog = """
        Applying migration '20261120093000_AddOrderStatus'.
        Failed executing DbCommand (12ms) [Parameters=[], CommandType='Text', CommandTimeout='30']
        ALTER TABLE orders ADD status text NOT NULL;
        Npgsql.PostgresException (0x80004005): 23502: column "status" of relation "orders" contains null values
        Error: Process completed with exit code 1.
        """;

    public static async Task<DetectionResult> Run(SimulatedWorld world, int deploys, TimeSpan pollInterval, TimeSpan failsAfter,
        BenchTuning tuning, TimeSpan bound)
    {
        using var broker = new RabbitMqManagement();
        await using var environment = await BenchEnvironment.Create(broker);
        await using var service = await ServiceInstances.Start(1,
            world.ServiceSettings(environment.RabbitMq, environment.Postgres, pollInterval), tuning);
        await using var client = await BenchClient.Start(environment);

        // One deploy per repository, so no lane makes one wait for another; merges are spread over one poll interval.
        var failing = world.ReadyDeploys(Math.Min(deploys, world.Repositories.Count));
        foreach (var deploy in failing)
            world.PullRequest(deploy).OnMerge(PipelineScript.FailingIn("deploy", MigrationLog, pace: Pace.Over(failsAfter)));
        foreach (var deploy in failing)
        {
            await client.Request(deploy);
            await Task.Delay(pollInterval / failing.Count);
        }

        var ids = failing.Select(d => d.DeployId).ToList();
        await client.Milestones.WaitFor(ids, ids.Count, bound, Milestone.FixTaskRequested);
        var latencies = failing
            .Select(d => (FailedAt: world.PullRequest(d).MergedAt + failsAfter, Detected: client.Milestones.At(d.DeployId, Milestone.FixTaskRequested)))
            .Where(x => x is { FailedAt: not null, Detected: not null })
            .Select(x => (x.Detected!.Value - x.FailedAt!.Value).TotalMilliseconds)
            .ToList();
        return new DetectionResult(pollInterval, failsAfter, failing.Count, LatencySummary.Of(latencies), (pollInterval + TimeSpan.FromSeconds(1)).TotalMilliseconds);
    }
}
