namespace DeployQueue.Bench.Reporting;

/// <summary>
/// Rounds of one service process with OpenTelemetry off and on, each round's two runs back to back in alternating order
/// (issue 18), after a first run that is not counted. The cost is the median of the rounds' own: a run's pace moves with
/// the machine by more than telemetry costs, and a round's two runs share most of what moves it.
/// </summary>
public sealed record TelemetryCostResult(TelemetryRun WarmUp, IReadOnlyList<TelemetryRound> Rounds)
{
    public IReadOnlyList<TelemetryRun> Off => Rounds.Select(r => r.Off).ToList();
    public IReadOnlyList<TelemetryRun> On => Rounds.Select(r => r.On).ToList();

    /// <summary>The share of throughput telemetry costs: 0.03 is 3 % fewer deploys per second with it on.</summary>
    public double ThroughputCost => Median(Rounds.Select(r => r.ThroughputCost));

    /// <summary>The service's extra CPU per deploy with telemetry on: 0.03 is 3 % more.</summary>
    public double CpuCost => Median(Rounds.Select(r => r.CpuCost));

    /// <summary>The cost as the mean of every run on against the mean of every run off, which one outlying run moves.</summary>
    public double ThroughputCostOfMeans => 1 - On.Average(r => r.DeploysPerSecond) / Off.Average(r => r.DeploysPerSecond);

    public bool AllFinished => Rounds.All(r => r.Off.NotFinished == 0 && r.On.NotFinished == 0);

    static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}

/// <summary>Two runs back to back, one with OpenTelemetry off and one on, and what telemetry cost between them.</summary>
public sealed record TelemetryRound(TelemetryRun Off, TelemetryRun On)
{
    public double ThroughputCost => 1 - On.DeploysPerSecond / Off.DeploysPerSecond;

    public double CpuCost => On.ServiceCpuMsPerDeploy / Off.ServiceCpuMsPerDeploy - 1;
}
