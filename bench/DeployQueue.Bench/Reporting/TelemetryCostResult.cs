namespace DeployQueue.Bench.Reporting;

/// <summary>End-to-end runs of one instance with OpenTelemetry off and on, taken in turn (issue 18).</summary>
public sealed record TelemetryCostResult(IReadOnlyList<ThroughputResult> Off, IReadOnlyList<ThroughputResult> On)
{
    public double OffDeploysPerSecond => Off.Average(r => r.DeploysPerSecond);
    public double OnDeploysPerSecond => On.Average(r => r.DeploysPerSecond);

    /// <summary>The share of throughput telemetry costs: 0.03 is 3 % fewer deploys per second with it on.</summary>
    public double Cost => 1 - OnDeploysPerSecond / OffDeploysPerSecond;
}
