namespace DeployQueue.Bench.Reporting;

/// <summary>One HTTP endpoint's answer time, and how large its answer was.</summary>
public sealed record EndpointLatency(string Path, long Bytes, LatencySummary Latency);
