namespace DeployQueue.Bench.Reporting;

/// <summary>Requests published at a fixed rate; the time to the Started announcement.</summary>
public sealed record ClaimLatencyResult(double TargetRatePerSecond, double AchievedRatePerSecond, int Deploys, int Claimed, LatencySummary Claim, CpuUse Cpu);
