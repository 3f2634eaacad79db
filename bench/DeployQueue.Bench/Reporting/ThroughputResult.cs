namespace DeployQueue.Bench.Reporting;

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
