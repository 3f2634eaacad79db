namespace DeployQueue.Contracts;

/// <summary>Run the target's health, API and version checks against the merge SHA. Deploy saga → smoke consumer.</summary>
public record RunSmokeTests
{
    public Guid DeployId { get; init; }
    public int Attempt { get; init; }
    public string Target { get; init; } = "";
    public string MergeSha { get; init; } = "";
    /// <summary>
    /// The attempt's smoke deadline (the target's smoke timeout after the deployment succeeded). Before it, a target
    /// not yet serving the merge SHA healthily is <see cref="SmokeTestsPending"/>; from it on, that is a failure.
    /// </summary>
    public DateTimeOffset Deadline { get; init; }
}
