using DeployQueue.Simulators.GitHub;

namespace DeployQueue.Bench.Reporting;

/// <summary>GitHub requests per deploy that reached its end, from the simulator's counters.</summary>
public sealed record GitHubCost(int Spent, int NotModified, int Faulted, double SpentPerDeploy, double NotModifiedPerDeploy,
    IReadOnlyDictionary<string, EndpointCount> ByEndpoint);
