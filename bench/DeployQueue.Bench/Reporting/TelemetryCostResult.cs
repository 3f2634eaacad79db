namespace DeployQueue.Bench.Reporting;

/// <summary>Runs of one service process with OpenTelemetry off and on, taken in alternating order (issue 18).</summary>
public sealed record TelemetryCostResult(IReadOnlyList<TelemetryRun> Runs)
{
    public IReadOnlyList<TelemetryRun> Off => Runs.Where(r => !r.On).ToList();
    public IReadOnlyList<TelemetryRun> On => Runs.Where(r => r.On).ToList();

    /// <summary>The share of throughput telemetry costs: 0.03 is 3 % fewer deploys per second with it on.</summary>
    public double ThroughputCost => 1 - On.Average(r => r.DeploysPerSecond) / Off.Average(r => r.DeploysPerSecond);

    /// <summary>The service's extra CPU per deploy with telemetry on: 0.03 is 3 % more.</summary>
    public double CpuCost => On.Average(r => r.ServiceCpuMsPerDeploy) / Off.Average(r => r.ServiceCpuMsPerDeploy) - 1;

    public bool AllFinished => Runs.All(r => r.NotFinished == 0);
}
