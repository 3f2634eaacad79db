namespace DeployQueue.Contracts;

/// <summary>
/// "Deploy PR #123 of acme/shop to staging". Published by the pipeline's other services once the
/// build of the PR passed; consumed by the Deploy Queue on its `deploy` queue. Carries the seed's
/// task fields plus the repository ("owner/name").
/// </summary>
public record DeployRequested
{
    public string TaskId { get; init; } = "";
    public string Title { get; init; } = "";
    public string? Description { get; init; }
    public string Repository { get; init; } = "";
    public int PrNumber { get; init; }
    public string PrUrl { get; init; } = "";
    public string Branch { get; init; } = "";
    public string? FeatureName { get; init; }
    public string Target { get; init; } = "";
    public string? CommitBuildTaskId { get; init; }
    /// <summary>Low, Normal, High or Critical; the target's priority when absent. Text, so that a wrong value gets a clear rejection.</summary>
    public string? Priority { get; init; }
    /// <summary>merge, squash or rebase; the target's strategy when absent.</summary>
    public string? MergeStrategy { get; init; }
}
