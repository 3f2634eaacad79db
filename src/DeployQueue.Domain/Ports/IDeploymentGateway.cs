using DeployQueue.Contracts;

namespace DeployQueue.Domain.Ports;

public enum PipelineStatus { NotStarted, Running, Succeeded, Failed }

/// <summary>A job of the pipeline that failed, with the lines of its log that matter (secrets masked).</summary>
public sealed record FailedJob(string JobName, string? StepName, DeployStage Stage, string Log, string? LogUrl);

/// <summary>A newer SHA went through the workflow or environment (<paramref name="Pipeline"/>) after <paramref name="Sha"/>
/// did: deploying <paramref name="Sha"/> again would roll it back.</summary>
public sealed record Supersession(string Sha, string NewerSha, string Pipeline)
{
    public string Reason => $"{Sha} is superseded by {NewerSha} on {Pipeline}; deploying it again would roll back newer changes";
}

/// <summary>What one look at the pipeline of a merge SHA showed. <paramref name="Superseded"/> is set when it shows an
/// earlier attempt's pipeline that was not run again because a newer SHA followed it.</summary>
public sealed record PipelineObservation(
    PipelineStatus Status,
    DeployStage? Stage,
    string? RunUrl,
    string? EnvironmentUrl,
    IReadOnlyList<FailedJob> FailedJobs,
    Supersession? Superseded = null);

/// <summary>Which pipeline to look at: the target's workflow and/or its GitHub environment, for an attempt after the one
/// that ended at <paramref name="EarlierAttemptEndedAt"/> (what the pipeline did before belongs to that earlier attempt;
/// null for a first attempt, whose evidence is all the pipeline shows).</summary>
public sealed record PipelineQuery(string Repository, string MergeSha, string? Workflow, string Environment, DeployTrigger Trigger,
    DateTimeOffset? EarlierAttemptEndedAt);

/// <summary>GitHub Actions and GitHub Deployments, as the watch consumer needs them. Implemented over Octokit.</summary>
public interface IDeploymentGateway
{
    /// <summary>Creates a GitHub Deployment for the SHA and environment unless one was created since the earlier attempt
    /// ended (any, for a first attempt): idempotent within an attempt. An earlier attempt's deployment is deployed again
    /// only while no other SHA was deployed to the environment since, which that would roll back.</summary>
    Task EnsureDeployment(string repository, string mergeSha, string environment, DateTimeOffset? earlierAttemptEndedAt,
        CancellationToken cancellationToken);

    /// <summary>What the pipeline shows for the query's attempt. Runs and deployments from before the earlier attempt ended
    /// are not its evidence; for a Merge trigger, such a run (the PR was merged by the earlier attempt) is re-run once it
    /// is over, once, and the re-run watched. Unless a newer SHA went through the workflow or environment since: then the
    /// earlier attempt's run or deployment is reported as it was, with the <see cref="Supersession"/>.</summary>
    Task<PipelineObservation> Observe(PipelineQuery query, CancellationToken cancellationToken);
}
