namespace DeployQueue.Contracts;

/// <summary>
/// A deploy succeeded on a target with a monitoring window: watch it. Deploy saga → monitor saga (of the deploy's lane).
/// Carries what the monitor's fix tasks and rollback name, so the monitor never reads the deploy's state.
/// </summary>
public record MonitorRelease
{
    public Guid LaneId { get; init; }
    public Guid DeployId { get; init; }
    public int Attempt { get; init; }
    public string Repository { get; init; } = "";
    public int PrNumber { get; init; }
    public string Target { get; init; } = "";
    public string MergeSha { get; init; } = "";
    /// <summary>What the target ran before this release, as the lane granted it: where a rollback goes. Never the merge SHA.</summary>
    public string? PreviousGoodSha { get; init; }
    public string DeployTaskId { get; init; } = "";
    public string PrUrl { get; init; } = "";
    public string Branch { get; init; } = "";
    public string? CommitBuildTaskId { get; init; }
}
