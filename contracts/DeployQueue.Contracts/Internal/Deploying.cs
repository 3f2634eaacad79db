namespace DeployQueue.Contracts;

/// <summary>How a target's pipeline starts: by the merge itself, or by a GitHub Deployment the queue creates.</summary>
public enum DeployTrigger { Merge, Deployment }

/// <summary>Look once at the pipeline of the merge SHA (starting it first for a Deployment trigger). Deploy saga → watch consumer.</summary>
public record WatchDeployment
{
    public Guid DeployId { get; init; }
    public int Attempt { get; init; }
    public string Repository { get; init; } = "";
    public string Target { get; init; } = "";
    public string MergeSha { get; init; } = "";

    /// <summary>When the deploy's previous attempt ended: the pipeline's runs and deployments from before belong to it
    /// and are not this attempt's evidence. Null for a first attempt: all evidence is its own.</summary>
    public DateTimeOffset? EarlierAttemptEndedAt { get; init; }
}

/// <summary>One specific problem found by a deploy, classified; becomes one fix task.</summary>
public record Problem
{
    public FixTaskKind Kind { get; init; }
    public DeployStage Stage { get; init; }
    public string? Component { get; init; }
    public string Summary { get; init; } = "";
    public string? LogExcerpt { get; init; }
    public string? LogUrl { get; init; }
}

/// <summary>The pipeline is still running. Watch consumer → deploy saga.</summary>
public record DeploymentProgressed(Guid DeployId, int Attempt, DeployStage? Stage, string Status, string? RunUrl) : IAttemptResult;

/// <summary>The pipeline finished green. Watch consumer → deploy saga.</summary>
public record DeploymentSucceeded(Guid DeployId, int Attempt, string? RunUrl, string? EnvironmentUrl) : IAttemptResult;

/// <summary>The pipeline failed; one problem per failed job. Watch consumer → deploy saga.</summary>
public record DeploymentFailed : IAttemptResult
{
    public Guid DeployId { get; init; }
    public int Attempt { get; init; }
    public string? RunUrl { get; init; }
    public IReadOnlyList<Problem> Problems { get; init; } = [];
    /// <summary>
    /// Whether this attempt's own pipeline got as far as changing the target (it failed deploying, in its health
    /// checks or at startup). A build that failed, or an earlier attempt's result reported as superseded, left the
    /// target as it was: rolling it back would revert whatever runs there now.
    /// </summary>
    public bool TargetChanged { get; init; }
}
