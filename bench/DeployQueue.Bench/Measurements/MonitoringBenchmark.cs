using System.Diagnostics;
using System.Globalization;
using DeployQueue.Bench.Infrastructure;
using DeployQueue.Bench.Reporting;
using DeployQueue.Simulators.Target;

namespace DeployQueue.Bench.Measurements;

/// <summary>
/// Post-deployment monitoring (issue 15): one service process watches every lane's release, each lane at a 1 s interval
/// with an Http check (3 requests, p95 within 300 ms) and the version check. Its CPU is read from /proc while nothing but
/// monitoring runs, against the same process idle before any deploy. Then some lanes degrade: their target answers every
/// request 600 ms late from one moment on (a step, so the moment the bound is crossed is known to the millisecond); the
/// detection latency is from that moment to the FixTaskRequested reaching the bench's queue, against
/// interval × FailureLimit + 1 s. The other lanes end Stable when their window passes.
/// </summary>
public static class MonitoringBenchmark
{
    static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    const int FailureLimit = 2;
    const int MaxLatencyMs = 300;
    static readonly TimeSpan Slow = TimeSpan.FromMilliseconds(600);
    static readonly TimeSpan Measured = TimeSpan.FromSeconds(20);
    /// <summary>A lane degraded must have this much of its window left, so its fix task comes before the window ends.</summary>
    static readonly TimeSpan WindowLeftToDegrade = TimeSpan.FromSeconds(10);

    public static async Task<MonitoringResult> Run(SimulatedWorld world, int lanes, int degrading, TimeSpan window, TimeSpan bound)
    {
        await using var environment = await BenchEnvironment.Create();
        var settings = world.ServiceSettings(environment.RabbitMq, environment.Postgres, Interval);
        var deploys = world.ReadyDeploys(lanes, repositoryCount: lanes);
        foreach (var deploy in deploys)
            foreach (var (key, value) in Watched(deploy.Target, window))
                settings[key] = value;
        await using var service = await WaitingMemoryBenchmark.StartService(settings);
        await using var client = await BenchClient.Start(environment);

        var idle = await Cores(service.Process, Measured / 2);
        var ids = deploys.Select(d => d.DeployId).ToList();
        await client.RequestAll(deploys);
        var succeeded = await client.Milestones.WaitFor(ids, ids.Count, bound, Milestone.Succeeded);
        // Every watch has taken its first interval by now; from here on the process does nothing but monitor.
        await Task.Delay(Interval * 2);
        var cpu = new CpuMeter();
        var monitoring = await Cores(service.Process, Measured);
        var machine = cpu.Stop();

        var now = DateTimeOffset.UtcNow;
        var degraded = deploys
            .Where(d => client.Milestones.At(d.DeployId, Milestone.Succeeded) is { } at && at + window - now > WindowLeftToDegrade + Measured / 4)
            .Take(degrading)
            .ToList();
        // Spread over one interval, so the steps fall at every phase of the intervals.
        var crossedAt = new Dictionary<Guid, DateTimeOffset>();
        for (var i = 0; i < degraded.Count; i++)
        {
            await Task.Delay(Interval / degraded.Count);
            world.Target(degraded[i]).SetFaults(new TargetFaults { Latency = Slow });
            crossedAt[degraded[i].DeployId] = DateTimeOffset.UtcNow;
        }
        var degradedIds = degraded.Select(d => d.DeployId).ToList();
        var fixTasks = await client.Milestones.WaitFor(degradedIds, degradedIds.Count, bound, Milestone.FixTaskRequested);
        var stableIds = ids.Except(degradedIds).ToList();
        var stable = await client.Milestones.WaitFor(stableIds, stableIds.Count, window + bound, Milestone.Stable);
        var detection = crossedAt
            .Select(c => client.Milestones.At(c.Key, Milestone.FixTaskRequested) is { } detected ? (detected - c.Value).TotalMilliseconds : (double?)null)
            .OfType<double>()
            .ToList();
        return new MonitoringResult(lanes, Interval, FailureLimit, window, succeeded, idle, monitoring, machine,
            degraded.Count, fixTasks, stable, LatencySummary.Of(detection), (Interval * FailureLimit + TimeSpan.FromSeconds(1)).TotalMilliseconds,
            LatencySummary.Of(client.Milestones.IntervalsMs));
    }

    /// <summary>The CPU the process used over <paramref name="period"/>, in cores.</summary>
    static async Task<double> Cores(Process process, TimeSpan period)
    {
        process.Refresh();
        var before = process.TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        await Task.Delay(period);
        process.Refresh();
        return (process.TotalProcessorTime - before).TotalSeconds / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    static Dictionary<string, string?> Watched(string target, TimeSpan window)
    {
        var key = $"DeployQueue:Targets:{target}:Monitoring:";
        return new Dictionary<string, string?>
        {
            [key + "Window"] = window.ToString("c", CultureInfo.InvariantCulture),
            [key + "Interval"] = Interval.ToString("c", CultureInfo.InvariantCulture),
            [key + "FailureLimit"] = FailureLimit.ToString(CultureInfo.InvariantCulture),
            [key + "Checks:0:Type"] = "Http",
            [key + "Checks:0:Path"] = TargetSimulator.ProductsPath,
            [key + "Checks:0:MaxLatencyMs"] = MaxLatencyMs.ToString(CultureInfo.InvariantCulture),
            [key + "Checks:0:Requests"] = "3",
        };
    }
}
