using System.Collections.Concurrent;
using DeployQueue.Contracts;
using DeployQueue.Domain.Configuration;
using DeployQueue.Domain.Ports;

namespace DeployQueue.Domain.Tests.Fakes;

/// <summary>
/// An in-memory stand-in for the monitoring probe: each target's intervals answer as scripted (by the interval's number
/// within the watch of a merge SHA), and its version endpoint serves what the test says it runs.
/// </summary>
public sealed class ScriptedMonitoring : IMonitoringProbe
{
    readonly ConcurrentDictionary<string, Func<int, IReadOnlyList<MonitoringCheckSample>>> _intervals = new(StringComparer.OrdinalIgnoreCase);
    readonly ConcurrentDictionary<string, string> _serving = new(StringComparer.OrdinalIgnoreCase);
    readonly ConcurrentDictionary<(string, string), int> _sampled = new();
    readonly ConcurrentQueue<string> _sampledAt = new();

    /// <summary>Where each interval was sampled: the preview URL it named, or the target's BaseUrl.</summary>
    public IReadOnlyCollection<string> SampledAt => _sampledAt;

    public static IReadOnlyList<MonitoringCheckSample> Healthy(double p95Ms = 40) =>
        [new MonitoringCheckSample("GET /health p95", MonitoringVerdict.Passed, FixTaskKind.PerformanceDegradation, p95Ms, $"p95 {p95Ms} ms", "≤ 500 ms")];

    public static IReadOnlyList<MonitoringCheckSample> Slow(double p95Ms) =>
        [new MonitoringCheckSample("GET /health p95", MonitoringVerdict.Failed, FixTaskKind.PerformanceDegradation, p95Ms, $"p95 {p95Ms} ms", "≤ 500 ms")];

    public static IReadOnlyList<MonitoringCheckSample> NoData() =>
        [new MonitoringCheckSample("error rate", MonitoringVerdict.Inconclusive, FixTaskKind.PerformanceDegradation, null,
            "Prometheus at http://127.0.0.1:9 refused the connection", "≤ 0.05")];

    /// <summary>The target's intervals, by their number (1, 2, ...) within the watch of one release.</summary>
    public void Answer(string target, Func<int, IReadOnlyList<MonitoringCheckSample>> interval) => _intervals[target] = interval;

    /// <summary>The target's version endpoint serves <paramref name="sha"/> from now on.</summary>
    public void Serve(string target, string sha) => _serving[target] = sha;

    public Task<IReadOnlyList<MonitoringCheckSample>> Sample(string targetName, TargetOptions target, string mergeSha, string? stableSha,
        string? previewUrl, CancellationToken cancellationToken)
    {
        _sampledAt.Enqueue(previewUrl ?? target.BaseUrl);
        var number = _sampled.AddOrUpdate((targetName, mergeSha), 1, (_, n) => n + 1);
        return Task.FromResult(_intervals.TryGetValue(targetName, out var interval) ? interval(number) : Healthy());
    }

    public Task<ServedVersion> Serves(string targetName, TargetOptions target, string sha, CancellationToken cancellationToken)
    {
        var serving = _serving.GetValueOrDefault(targetName, "(unknown)");
        return Task.FromResult(new ServedVersion(serving == sha, $"HTTP 200 after 3 ms: {serving}"));
    }
}
