using System.Diagnostics;
using DeployQueue.Bench.Infrastructure;
using DeployQueue.Bench.Reporting;

namespace DeployQueue.Bench.Measurements;

/// <summary>
/// Claim latency under a steady stream: requests published at a fixed rate (each at its due moment, without waiting
/// for the previous confirm), the time from each request to its Started announcement. The deploys go on through
/// merge, pipeline and smoke meanwhile, as they would in production; the measurement ends when every request is
/// claimed, and the environment with whatever is still in flight is deleted.
/// </summary>
public static class ClaimLatencyBenchmark
{
    public static async Task<ClaimLatencyResult> Run(SimulatedWorld world, double ratePerSecond, int deploys, TimeSpan pollInterval,
        BenchTuning tuning, TimeSpan bound)
    {
        await using var environment = await BenchEnvironment.Create();
        await using var service = await ServiceInstances.Start(1,
            world.ServiceSettings(environment.RabbitMq, environment.Postgres, pollInterval), tuning);
        await using var client = await BenchClient.Start(environment);

        var warmUp = world.ReadyDeploys(Math.Min(world.Repositories.Count, 20));
        await client.RequestAll(warmUp);
        await client.Milestones.WaitFor(warmUp.Select(d => d.DeployId).ToList(), warmUp.Count, bound, Milestone.Succeeded, Milestone.Failed);

        var batch = world.ReadyDeploys(deploys);
        var ids = batch.Select(d => d.DeployId).ToList();
        var cpu = new CpuMeter();
        var publishes = new List<Task>(deploys);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < batch.Count; i++)
        {
            var due = TimeSpan.FromSeconds(i / ratePerSecond);
            if (due > clock.Elapsed)
                await Task.Delay(due - clock.Elapsed);
            publishes.Add(client.Request(batch[i]));
        }
        var publishing = clock.Elapsed;
        await Task.WhenAll(publishes);
        var claimed = await client.Milestones.WaitFor(ids, ids.Count, bound, Milestone.Claimed);
        var used = cpu.Stop();

        return new ClaimLatencyResult(ratePerSecond, Math.Max(1, batch.Count - 1) / Math.Max(publishing.TotalSeconds, 1e-3), deploys, claimed,
            LatencySummary.Of(client.Milestones.LatenciesMs(ids, Milestone.Claimed)), used);
    }
}
