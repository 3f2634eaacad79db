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

/// <summary>Which pipeline to look at: the target's workflow and/or its GitHub environment, for the attempt started at
/// <paramref name="AttemptStartedAt"/> (what the pipeline did before it belongs to an earlier attempt).</summary>
public sealed record PipelineQuery(string Repository, string MergeSha, string? Workflow, string Environment, DeployTrigger Trigger,
    DateTimeOffset AttemptStartedAt);

/// <summary>GitHub Actions and GitHub Deployments, as the watch consumer needs them. Implemented over Octokit.</summary>
public interface IDeploymentGateway
{
    /// <summary>Creates a GitHub Deployment for the SHA and environment unless one was created since the attempt started
    /// (idempotent within an attempt; an earlier attempt's deployment is not deployed again).</summary>
    Task EnsureDeployment(string repository, string mergeSha, string environment, DateTimeOffset attemptStartedAt, CancellationToken cancellationToken);

    /// <summary>What the pipeline shows for the query's attempt. Runs and deployments from before the attempt are not its
    /// evidence; for a Merge trigger, a completed run from before the attempt (the PR was merged by an earlier one) is
    /// re-run, once, and the re-run watched.</summary>
    Task<PipelineObservation> Observe(PipelineQuery query, CancellationToken cancellationToken);
}
