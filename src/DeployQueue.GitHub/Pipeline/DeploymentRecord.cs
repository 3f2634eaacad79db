namespace DeployQueue.GitHub.Pipeline;

/// <summary>
/// A GitHub Deployment as the watch reads it. Not Octokit's <c>Deployment</c>: that reads the payload as text only and fails on
/// a payload holding numbers, as a rollout's does (<see cref="RolloutPayload"/>), so the payload is not read at all.
/// </summary>
public sealed class DeploymentRecord
{
    public long Id { get; set; }
    public string Sha { get; set; } = "";
    public string Environment { get; set; } = "";
    public string? Description { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
