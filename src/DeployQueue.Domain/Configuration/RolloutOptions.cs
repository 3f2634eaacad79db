namespace DeployQueue.Domain.Configuration;

/// <summary>
/// `Targets:&lt;t&gt;:Rollout`: a progressive rollout (canary). Each step is a GitHub Deployment of the merge SHA carrying its
/// weight, judged for its pause by the target's monitoring checks before the next; the last step (weight 100) goes on as a
/// deploy does (smoke tests, monitoring window). Off unless steps are listed.
/// </summary>
public sealed class RolloutOptions
{
    public List<RolloutStepOptions> Steps { get; set; } = [];

    public bool Enabled => Steps.Count > 0;
}
