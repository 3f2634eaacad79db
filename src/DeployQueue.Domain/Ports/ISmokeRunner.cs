using DeployQueue.Domain.Configuration;

namespace DeployQueue.Domain.Ports;

public enum SmokeCheckKind { Health, Api, Latency, Version }

/// <summary>One check's outcome, naming what was expected and what came back.</summary>
public sealed record SmokeCheckResult(string Name, SmokeCheckKind Kind, bool Passed, string Expected, string Actual, long LatencyMs);

public sealed record SmokeReport(IReadOnlyList<SmokeCheckResult> Results)
{
    public bool Passed => Results.All(r => r.Passed);
}

/// <summary>Health, API and version checks against a target. Implemented over HTTP.</summary>
public interface ISmokeRunner
{
    Task<SmokeReport> Run(string targetName, TargetOptions target, string mergeSha, CancellationToken cancellationToken);
}
