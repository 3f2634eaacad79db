namespace DeployQueue.Contracts;

/// <summary>
/// "Deploy PR #123 of acme/shop to staging". Published by the pipeline's other services once the
/// build of the PR passed; consumed by the Deploy Queue on its `deploy` queue. Carries the seed's
/// task fields plus the repository ("owner/name"). A request is recognised when it comes again by its
/// idempotency key: <see cref="TaskId"/>; without one, <see cref="CommitBuildTaskId"/> with the repository, PR and
/// target; without either, the message's id; without any, the body itself.
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
    /// <summary>
    /// The target's priority when absent. In plain JSON, a level's name (Low, Normal, High, Critical) or, as the seed's
    /// tasks carry it, a number (JSON number or numeric text) that maps onto the levels in their order:
    /// 0 → Low, 1 → Normal, 2 → High, 3 → Critical; any other number is refused.
    /// </summary>
    public TaskPriority? Priority { get; init; }
    /// <summary>merge, squash or rebase (by name only); the target's strategy when absent.</summary>
    public MergeStrategy? MergeStrategy { get; init; }
}
