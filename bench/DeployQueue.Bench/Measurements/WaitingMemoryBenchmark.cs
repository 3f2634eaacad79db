using DeployQueue.Bench.Infrastructure;
using DeployQueue.Bench.Reporting;
using DeployQueue.Simulators.GitHub.Scripting;

namespace DeployQueue.Bench.Measurements;

/// <summary>
/// Memory of one service process holding deploys that wait in lanes: in each lane, a deploy whose pipeline never
/// finishes holds the lane (it stays in Deploying, polling GitHub); behind it the waiting deploys are claimed,
/// announced and queued in the lane. The process's peak resident memory (VmHWM) is read once every deploy waits.
/// </summary>
public static class WaitingMemoryBenchmark
{
    /// <summary>The holders only poll; a long interval keeps their GitHub traffic out of the measurement.</summary>
    static readonly TimeSpan HolderPollInterval = TimeSpan.FromSeconds(10);

    static readonly TimeSpan StartBound = TimeSpan.FromSeconds(90);

    public static async Task<WaitingMemoryResult> Run(SimulatedWorld world, int waiting, int lanes, TimeSpan bound)
    {
        await using var environment = await BenchEnvironment.Create();
        await using var service = await StartService(world.ServiceSettings(environment.RabbitMq, environment.Postgres, HolderPollInterval));
        await using var client = await BenchClient.Start(environment);
        var (idleMb, _) = service.Memory();

        var holders = world.ReadyDeploys(lanes, repositoryCount: lanes);
        foreach (var holder in holders)
            world.PullRequest(holder).OnMerge(PipelineScript.Succeeding(pace: Pace.Over(TimeSpan.FromDays(1))));
        await client.RequestAll(holders);
        await client.Milestones.WaitFor(holders.Select(h => h.DeployId).ToList(), holders.Count, bound, Milestone.Merged);

        var waiters = world.ReadyDeploys(waiting, repositoryCount: lanes);
        var ids = waiters.Select(d => d.DeployId).ToList();
        var started = DateTimeOffset.UtcNow;
        foreach (var chunk in waiters.Chunk(1000))
            await client.RequestAll(chunk);
        var claimed = await client.Milestones.WaitFor(ids, ids.Count, bound, Milestone.Claimed);
        var claimedIn = ((client.Milestones.Last(ids, Milestone.Claimed) ?? DateTimeOffset.UtcNow) - started).TotalSeconds;

        // Claimed is announced before the lane hears of the deploy: wait until every ticket is in its lane.
        await Eventually.Poll(() => environment.Scalar("""SELECT coalesce(sum(jsonb_array_length("Waiting")), 0) FROM lane_states"""),
            queued => queued >= claimed, bound);
        var (settledMb, peakMb) = service.Memory();
        var laneBytes = await environment.Scalar("""SELECT coalesce(max(pg_column_size("Waiting")), 0) FROM lane_states""");
        return new WaitingMemoryResult(waiting, lanes, claimed, claimedIn, idleMb, peakMb, settledMb, laneBytes);
    }

    /// <summary>The service in a process of its own on these settings (as environment variables; it picks its own port), once ready;
    /// the monitoring measurement's too.</summary>
    internal static async Task<ServiceProcess> StartService(Dictionary<string, string?> settings)
    {
        var service = ServiceProcess.Start(settings.Where(s => s.Key != "urls").ToDictionary(s => s.Key.Replace(":", "__"), s => s.Value));
        if (await service.WaitUntilReady(StartBound))
            return service;
        var lastLines = string.Join(Environment.NewLine, service.Output.Split('\n').TakeLast(40));
        await service.DisposeAsync();
        throw new InvalidOperationException($"The service process never became ready. Its last output:{Environment.NewLine}{lastLines}");
    }
}
