using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using DeployQueue.Bench.Infrastructure;
using DeployQueue.Bench.Reporting;

namespace DeployQueue.Bench.Measurements;

/// <summary>
/// What observability costs (issue 18): one service in a process of its own runs a burst of deploys with OpenTelemetry
/// off (<c>Telemetry:Enabled</c> false) or on (metrics of every meter, spans for every message, saga step and HTTP call,
/// batched and serialized for an OTLP endpoint: a loopback port nobody listens on, so each export is refused at once).
/// A process per run, because MassTransit creates its meter once per process: runs sharing one would not all measure
/// the same telemetry. A simulated GitHub and targets per run too: one kept for all runs grows with each run's history
/// and slows every run after the first. A first run is not counted: the first run of an invocation stood apart from all
/// after it, 15–25 % faster or slower whatever its setting, and it was always an "off" one. Rounds alternate the order
/// (off on, on off, ...) so that a drift of the machine's load weighs on both alike, and the cost is the median of the
/// rounds' own. Besides throughput, the service process's own CPU per deploy, which other load
/// on the machine moves less: the cost itself rather than its effect on a shared machine's throughput. The warm-up is half as many
/// deploys as the measured burst: the runtime's tiered JIT keeps recompiling for about 30 s after start, and with telemetry
/// there is more code to compile, so a short warm-up measures the JIT rather than the telemetry (20 warm-up deploys
/// before 400 measured read 11.5 % on a quiet machine; before 2,000 measured, 0 %).
/// </summary>
public static class TelemetryCostBenchmark
{
    const int MinimumWarmUpDeploys = 20;

    public static async Task<TelemetryCostResult> Run(int repositories, int deploys, int rounds, TimeSpan pollInterval, TimeSpan bound)
    {
        var warmUp = await RunOnce(repositories, deploys, telemetry: false, pollInterval, bound);
        var measured = new List<TelemetryRound>();
        for (var round = 0; round < rounds; round++)
        {
            var offFirst = round % 2 == 0;
            var first = await RunOnce(repositories, deploys, telemetry: !offFirst, pollInterval, bound);
            var second = await RunOnce(repositories, deploys, telemetry: offFirst, pollInterval, bound);
            measured.Add(offFirst ? new TelemetryRound(first, second) : new TelemetryRound(second, first));
        }
        return new TelemetryCostResult(warmUp, measured);
    }

    static async Task<TelemetryRun> RunOnce(int repositories, int deploys, bool telemetry, TimeSpan pollInterval, TimeSpan bound)
    {
        await using var world = await SimulatedWorld.Start(repositories);
        await using var environment = await BenchEnvironment.Create();
        var settings = world.ServiceSettings(environment.RabbitMq, environment.Postgres, pollInterval);
        settings["Telemetry:Enabled"] = telemetry ? "true" : "false";
        if (telemetry)
            settings["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{UnusedPort()}";
        await using var service = await WaitingMemoryBenchmark.StartService(settings);
        await using var client = await BenchClient.Start(environment);

        var warmUp = world.ReadyDeploys(Math.Max(MinimumWarmUpDeploys, deploys / 2));
        await client.RequestAll(warmUp);
        await client.Milestones.WaitFor(warmUp.Select(d => d.DeployId).ToList(), warmUp.Count, bound, Milestone.Succeeded, Milestone.Failed);

        world.GitHub.Requests.Reset();
        var batch = world.ReadyDeploys(deploys);
        var ids = batch.Select(d => d.DeployId).ToList();
        service.Process.Refresh();
        var serviceCpuBefore = service.Process.TotalProcessorTime;
        var cpu = new CpuMeter();
        var clock = Stopwatch.StartNew();
        var started = DateTimeOffset.UtcNow;
        await client.RequestAll(batch);
        await client.Milestones.WaitFor(ids, ids.Count, bound, Milestone.Succeeded, Milestone.Failed);
        var ended = client.Milestones.Last(ids, Milestone.Succeeded, Milestone.Failed) ?? DateTimeOffset.UtcNow;
        service.Process.Refresh();
        var serviceCpu = service.Process.TotalProcessorTime - serviceCpuBefore;
        var measuredFor = clock.Elapsed;
        var machine = cpu.Stop();

        var succeeded = ids.Count(id => client.Milestones.At(id, Milestone.Succeeded) is not null);
        var finished = ids.Count(id => client.Milestones.At(id, Milestone.Succeeded) is not null || client.Milestones.At(id, Milestone.Failed) is not null);
        var seconds = (ended - started).TotalSeconds;
        return new TelemetryRun(telemetry, deploys, succeeded, deploys - finished, seconds, succeeded / seconds,
            serviceCpu.TotalMilliseconds / Math.Max(1, succeeded), serviceCpu / measuredFor, machine, GitHubCost.Of(world.GitHub.Requests, succeeded));
    }

    static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
