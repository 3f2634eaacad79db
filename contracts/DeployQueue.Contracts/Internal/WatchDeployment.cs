namespace DeployQueue.Contracts;

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

    /// <summary>What the target ran before this deploy, as the lane granted it: a newer Deployment of it (the queue's own
    /// rollback or abort of an earlier attempt) does not stop a new attempt from deploying again.</summary>
    public string? LastKnownGoodSha { get; init; }

    /// <summary>The rollout step whose GitHub Deployment is watched (created once per step); null for a target without a rollout.</summary>
    public CanaryStep? Step { get; init; }
}
