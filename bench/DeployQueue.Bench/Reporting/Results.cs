using DeployQueue.Simulators.GitHub;

namespace DeployQueue.Bench.Reporting;

/// <summary>Milliseconds at the 50th, 95th and 99th percentile (nearest rank) and the worst, over <see cref="Count"/> samples.</summary>
public sealed record LatencySummary(int Count, double P50, double P95, double P99, double Max)
{
    public static LatencySummary Of(IReadOnlyCollection<double> samples)
    {
        if (samples.Count == 0) return new LatencySummary(0, double.NaN, double.NaN, double.NaN, double.NaN);
        var sorted = samples.Order().ToArray();
        double Rank(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new LatencySummary(sorted.Length, Rank(0.50), Rank(0.95), Rank(0.99), sorted[^1]);
    }

    public override string ToString() => Count == 0 ? "no samples" : $"p50 {P50:0} / p95 {P95:0} / p99 {P99:0} ms (max {Max:0}, n={Count})";
}

/// <summary>CPU in cores (the machine has <see cref="Environment.ProcessorCount"/>): this process's, the broker's and
/// PostgreSQL's, and the whole machine's; the rest of the machine's is other load on it.</summary>
public sealed record CpuUse(double BenchProcessCores, double BrokerAndDatabaseCores, double MachineCores)
{
    public double OtherCores => Math.Max(0, MachineCores - BenchProcessCores - BrokerAndDatabaseCores);
}

/// <summary>A bare MassTransit consumer on the same broker with the service's queue settings.</summary>
public sealed record CeilingResult(int Messages, double Seconds, double MessagesPerSecond, CpuUse Cpu);

/// <summary>GitHub requests per deploy that reached its end, from the simulator's counters.</summary>
public sealed record GitHubCost(int Spent, int NotModified, int Faulted, double SpentPerDeploy, double NotModifiedPerDeploy,
    IReadOnlyDictionary<string, EndpointCount> ByEndpoint);

/// <summary>PostgreSQL commands of the service (round trips) and optimistic concurrency conflicts (each one a retried message).</summary>
public sealed record DatabaseCost(long Commands, double CommandsPerSagaTransition, long Conflicts);

/// <summary>Messages one receive queue of the service consumed, and the mean time one took through its consume pipe.</summary>
public sealed record QueueActivity(string Queue, int Messages, double PerDeploy, double MeanMs);

/// <summary>Deploys through the real service, GitHub and the targets answering at once.</summary>
public sealed record ThroughputResult(
    int Instances,
    int Repositories,
    int Deploys,
    int Succeeded,
    int NotFinished,
    int FaultedMessages,
    double Seconds,
    double DeploysPerSecond,
    int SagaTransitions,
    double SagaTransitionsPerSecond,
    long StateChanges,
    double StateChangesPerSecond,
    IReadOnlyList<QueueActivity> ConsumedByQueue,
    LatencySummary Claimed,
    LatencySummary Merged,
    LatencySummary SucceededLatency,
    GitHubCost GitHub,
    DatabaseCost Database,
    CpuUse Cpu);

/// <summary>Requests published at a fixed rate; the time to the Started announcement.</summary>
public sealed record ClaimLatencyResult(double TargetRatePerSecond, double AchievedRatePerSecond, int Deploys, int Claimed, LatencySummary Claim, CpuUse Cpu);

/// <summary>From the moment the simulated pipeline failed to the FixTaskRequested reaching a downstream queue.</summary>
public sealed record DetectionResult(TimeSpan PollInterval, TimeSpan FailsAfter, int Deploys, LatencySummary Detection, double BoundMs);

/// <summary>One service process holding deploys that wait in lanes behind a deploy that never finishes.</summary>
public sealed record WaitingMemoryResult(int Waiting, int Lanes, int Claimed, double SecondsToClaimAll, double IdleResidentMb,
    double PeakResidentMb, double SettledResidentMb, long LaneRowBytes);
