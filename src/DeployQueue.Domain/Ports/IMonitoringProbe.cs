using DeployQueue.Contracts;
using DeployQueue.Domain.Configuration;

namespace DeployQueue.Domain.Ports;

/// <summary>A target's monitoring checks and its version endpoint, looked at once. Implemented over HTTP and Prometheus's API.</summary>
public interface IMonitoringProbe
{
    /// <summary>
    /// One interval: every configured check judged against its bound, and the version endpoint (when the target has one)
    /// still serving <paramref name="mergeSha"/> (or <paramref name="stableSha"/>, while a canary step shares the traffic with it). A
    /// target or Prometheus that does not answer gives a sample, never an exception.
    /// </summary>
    Task<IReadOnlyList<MonitoringCheckSample>> Sample(string targetName, TargetOptions target, string mergeSha, string? stableSha,
        CancellationToken cancellationToken);

    /// <summary>Whether the version endpoint serves <paramref name="sha"/>, and what it served.</summary>
    Task<ServedVersion> Serves(string targetName, TargetOptions target, string sha, CancellationToken cancellationToken);
}
