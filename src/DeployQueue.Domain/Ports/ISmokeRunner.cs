using DeployQueue.Domain.Configuration;

namespace DeployQueue.Domain.Ports;

/// <summary>Health, API and version checks against a target. Implemented over HTTP.</summary>
public interface ISmokeRunner
{
    Task<SmokeReport> Run(string targetName, TargetOptions target, string mergeSha, CancellationToken cancellationToken);
}
