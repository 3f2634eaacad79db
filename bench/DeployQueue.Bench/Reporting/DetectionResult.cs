namespace DeployQueue.Bench.Reporting;

/// <summary>From the moment the simulated pipeline failed to the FixTaskRequested reaching a downstream queue.</summary>
public sealed record DetectionResult(TimeSpan PollInterval, TimeSpan FailsAfter, int Deploys, LatencySummary Detection, double BoundMs);
