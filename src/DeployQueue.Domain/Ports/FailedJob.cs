using DeployQueue.Contracts;

namespace DeployQueue.Domain.Ports;

/// <summary>A job of the pipeline that failed, with the lines of its log that matter (secrets masked).</summary>
public sealed record FailedJob(string JobName, string? StepName, DeployStage Stage, string Log, string? LogUrl);
