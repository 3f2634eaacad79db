using DeployQueue.Simulators.GitHub;

namespace DeployQueue.Bench.Reporting;

/// <summary>GitHub requests per deploy that reached its end, from the simulator's counters.</summary>
public sealed record GitHubCost(int Spent, int NotModified, int Faulted, double SpentPerDeploy, double NotModifiedPerDeploy,
    IReadOnlyDictionary<string, EndpointCount> ByEndpoint)
{
    /// <summary>What the simulator counted since its last reset, over <paramref name="deploys"/>.</summary>
    public static GitHubCost Of(RequestCounter requests, int deploys) => new(requests.Spent, requests.NotModified, requests.Faulted,
        (double)requests.Spent / Math.Max(1, deploys), (double)requests.NotModified / Math.Max(1, deploys), requests.ByEndpoint);
}
