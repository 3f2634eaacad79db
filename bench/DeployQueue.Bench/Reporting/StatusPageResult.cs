namespace DeployQueue.Bench.Reporting;

/// <summary>The status page and the API read over a history of <see cref="Deploys"/> deploys in <see cref="Lanes"/> lanes.</summary>
public sealed record StatusPageResult(int Deploys, int Lanes, double SecondsToSeed, IReadOnlyList<EndpointLatency> Endpoints, CpuUse Cpu);
