using System.Collections.Concurrent;
using DeployQueue.Domain.Configuration;
using DeployQueue.Domain.Ports;

namespace DeployQueue.Domain.Tests.Fakes;

/// <summary>An in-memory stand-in for the smoke-check port: each target answers as scripted.</summary>
public sealed class ScriptedSmoke : ISmokeRunner
{
    readonly ConcurrentDictionary<string, Func<string, SmokeReport>> _targets = new(StringComparer.OrdinalIgnoreCase);

    public static SmokeReport Healthy(string mergeSha) =>
        new([new SmokeCheckResult("GET /health", SmokeCheckKind.Health, true, "200", "HTTP 200", 12),
             new SmokeCheckResult("version", SmokeCheckKind.Version, true, mergeSha, mergeSha, 8)]);

    /// <summary>Healthy, but still serving <paramref name="runningSha"/>: a rollout not done yet.</summary>
    public static SmokeReport Running(string runningSha, string mergeSha) =>
        new([new SmokeCheckResult("GET /health", SmokeCheckKind.Health, true, "200", "HTTP 200", 12),
             new SmokeCheckResult("version", SmokeCheckKind.Version, false, mergeSha, $"HTTP 200 after 8 ms: {runningSha}", 8)]);

    public static SmokeReport Unhealthy() =>
        new([new SmokeCheckResult("GET /health", SmokeCheckKind.Health, false, "HTTP 200", "HTTP 503 after 20 ms: Service Unavailable", 20)]);

    public void Answer(string target, Func<string, SmokeReport> report) => _targets[target] = report;

    /// <summary>The target answers <paramref name="notReady"/> for its next <paramref name="runs"/> runs, then as it did before.</summary>
    public void NotReadyFor(string target, int runs, Func<string, SmokeReport> notReady)
    {
        var afterwards = _targets.TryGetValue(target, out var report) ? report : Healthy;
        var left = runs;
        _targets[target] = sha => Interlocked.Decrement(ref left) >= 0 ? notReady(sha) : afterwards(sha);
    }

    /// <summary>The smoke run never reports (its consumer faults), so only the smoke timeout ends the deploy.</summary>
    public void NeverReport(string target) => _targets[target] = _ => throw new InvalidOperationException("scripted: no report");

    public Task<SmokeReport> Run(string targetName, TargetOptions target, string mergeSha, CancellationToken cancellationToken) =>
        Task.FromResult(_targets.TryGetValue(targetName, out var report) ? report(mergeSha) : Healthy(mergeSha));
}
