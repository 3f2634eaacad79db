namespace DeployQueue.Domain.Ports;

/// <summary>One check's outcome, naming what was expected and what came back.</summary>
public sealed record SmokeCheckResult(string Name, SmokeCheckKind Kind, bool Passed, string Expected, string Actual, long LatencyMs);
