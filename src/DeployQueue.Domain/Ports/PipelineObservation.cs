using DeployQueue.Contracts;

namespace DeployQueue.Domain.Ports;

/// <summary>What one look at the pipeline of a merge SHA showed. <paramref name="Superseded"/> is set when it shows an
/// earlier attempt's pipeline that was not run again because a newer SHA followed it.</summary>
public sealed record PipelineObservation(
    PipelineStatus Status,
    DeployStage? Stage,
    string? RunUrl,
    string? EnvironmentUrl,
    IReadOnlyList<FailedJob> FailedJobs,
    Supersession? Superseded = null);
