using DeployQueue.Contracts;
using DeployQueue.Domain.Configuration;

namespace DeployQueue.Domain.Ports;

/// <summary>A target's monitoring checks and its version endpoint, looked at once. Implemented over HTTP and Prometheus's API.</summary>
public interface IMonitoringProbe
{
    /// <summary>
    /// One interval: every configured check judged against its bound, and the version endpoint (when the target has one)
    /// still serving <paramref name="mergeSha"/> (or <paramref name="stableSha"/>, while a canary step shares the traffic with it);
    /// a query comparing the two (<see cref="Policies.MonitoringQuery"/>) is asked only while there is a <paramref name="stableSha"/>. A
    /// target or Prometheus that does not answer gives a sample, never an exception. With <paramref name="previewUrl"/> (a blue-green
    /// step at 0 %), the Http checks and the version endpoint are asked there instead of at the target's BaseUrl.
    /// </summary>
    Task<IReadOnlyList<MonitoringCheckSample>> Sample(string targetName, TargetOptions target, string mergeSha, string? stableSha,
        string? previewUrl, CancellationToken cancellationToken);

    /// <summary>Whether the version endpoint serves <paramref name="sha"/>, and what it served.</summary>
    Task<ServedVersion> Serves(string targetName, TargetOptions target, string sha, CancellationToken cancellationToken);
}
