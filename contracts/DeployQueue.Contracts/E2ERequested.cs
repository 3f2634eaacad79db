namespace DeployQueue.Contracts;

/// <summary>
/// The deploy succeeded: run the end-to-end tests against the target. Published by the Deploy
/// Queue; delivered to the durable `e2e-test` queue.
/// </summary>
public record E2ERequested
{
    public Guid DeployId { get; init; }
    public string DeployTaskId { get; init; } = "";
    public string Repository { get; init; } = "";
    public int PrNumber { get; init; }
    public string PrUrl { get; init; } = "";
    public string Branch { get; init; } = "";
    public string? FeatureName { get; init; }
    public string Target { get; init; } = "";
    public string BaseUrl { get; init; } = "";
    public string MergeSha { get; init; } = "";
    public string? CommitBuildTaskId { get; init; }
}
