using DeployQueue.Contracts;

namespace DeployQueue.Domain.Ports;

public enum PipelineStatus { NotStarted, Running, Succeeded, Failed }

/// <summary>A job of the pipeline that failed, with the lines of its log that matter (secrets masked).</summary>
public sealed record FailedJob(string JobName, string? StepName, DeployStage Stage, string Log, string? LogUrl);

/// <summary>What one look at the pipeline of a merge SHA showed.</summary>
public sealed record PipelineObservation(
    PipelineStatus Status,
    DeployStage? Stage,
    string? RunUrl,
    string? EnvironmentUrl,
    IReadOnlyList<FailedJob> FailedJobs);

/// <summary>Which pipeline to look at: the target's workflow and/or its GitHub environment.</summary>
public sealed record PipelineQuery(string Repository, string MergeSha, string? Workflow, string Environment, DeployTrigger Trigger);

/// <summary>GitHub Actions and GitHub Deployments, as the watch consumer needs them. Implemented over Octokit.</summary>
public interface IDeploymentGateway
{
    /// <summary>Creates the GitHub Deployment for the SHA and environment, unless one exists (idempotent).</summary>
    Task EnsureDeployment(string repository, string mergeSha, string environment, CancellationToken cancellationToken);

    Task<PipelineObservation> Observe(PipelineQuery query, CancellationToken cancellationToken);
}
