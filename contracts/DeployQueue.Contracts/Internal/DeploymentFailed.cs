namespace DeployQueue.Contracts;

/// <summary>The pipeline failed; one problem per failed job. Watch consumer → deploy saga.</summary>
public record DeploymentFailed : IAttemptResult, IStepResult
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
    /// <summary>The rollout step whose Deployment failed (0 without a rollout).</summary>
    public int Step { get; init; }
}
