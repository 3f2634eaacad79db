using System.Net;
using System.Net.Sockets;
using DeployQueue.Bench.Infrastructure;
using DeployQueue.Bench.Reporting;

namespace DeployQueue.Bench.Measurements;

/// <summary>
/// What observability costs (issue 18): the end-to-end throughput of one instance with OpenTelemetry off
/// (<c>Telemetry:Enabled</c> false) beside on (metrics, spans for every message, saga step and HTTP call, batched and
/// serialized for an OTLP endpoint), in the order off, on, on, off so that a drift of the machine's load over the run
/// weighs on both alike. The OTLP endpoint is a loopback port nobody listens on: the export is built and refused at once.
/// </summary>
public static class TelemetryCostBenchmark
{
    public static async Task<TelemetryCostResult> Run(SimulatedWorld world, int deploys, TimeSpan pollInterval, BenchTuning tuning,
        DatabaseActivity database, TimeSpan bound)
    {
        var off = new Dictionary<string, string?> { ["Telemetry:Enabled"] = "false" };
        var on = new Dictionary<string, string?>
        {
            ["Telemetry:Enabled"] = "true",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{UnusedPort()}",
        };
        var runs = new List<(bool On, ThroughputResult Result)>();
        foreach (var telemetry in new[] { off, on, on, off })
            runs.Add((telemetry == on, await ThroughputBenchmark.Run(world, 1, deploys, pollInterval, tuning, database, bound, telemetry)));
        return new TelemetryCostResult(
            runs.Where(r => !r.On).Select(r => r.Result).ToList(),
            runs.Where(r => r.On).Select(r => r.Result).ToList());
    }

    static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
