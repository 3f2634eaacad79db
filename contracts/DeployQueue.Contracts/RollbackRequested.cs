namespace DeployQueue.Contracts;

/// <summary>
/// Roll a target back to its last known good SHA after a critical failure. Published by the Deploy
/// Queue for targets that ask for it; delivered to the `execution` queue.
/// </summary>
public record RollbackRequested
{
    public Guid DeployId { get; init; }
    public string DeployTaskId { get; init; } = "";
    public string Repository { get; init; } = "";
    public int PrNumber { get; init; }
    public string Target { get; init; } = "";
    public string Environment { get; init; } = "";
    public string FailedSha { get; init; } = "";
    public string RollbackToSha { get; init; } = "";
    public string Reason { get; init; } = "";
    public IReadOnlyList<Guid> FixTaskIds { get; init; } = [];
}
