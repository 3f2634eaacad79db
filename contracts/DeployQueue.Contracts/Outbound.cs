namespace DeployQueue.Contracts;

/// <summary>A link shown with an announcement or a fix task.</summary>
public record Link(string Title, string Url);

/// <summary>
/// One specific problem found by a deploy, for someone to fix. Published by the Deploy Queue;
/// delivered to the durable `execution` queue, consumed by the pipeline's executor.
/// </summary>
public record FixTaskRequested
{
    public Guid FixTaskId { get; init; }
    public Guid DeployId { get; init; }
    public int Attempt { get; init; }
    public FixTaskKind Kind { get; init; }
    public string Title { get; init; } = "";
    public string Description { get; init; } = "";
    public TaskPriority Priority { get; init; }
    public string Repository { get; init; } = "";
    public int PrNumber { get; init; }
    public string PrUrl { get; init; } = "";
    public string Branch { get; init; } = "";
    public string Target { get; init; } = "";
    public string? MergeSha { get; init; }
    public string DeployTaskId { get; init; } = "";
    public string? CommitBuildTaskId { get; init; }
    public DeployStage Stage { get; init; }
    /// <summary>The service or component at fault, where one could be named.</summary>
    public string? Component { get; init; }
    public string? LogExcerpt { get; init; }
    public string? LogUrl { get; init; }
    /// <summary>The PR's workspace is kept on failure so that the fix can be made in it.</summary>
    public bool WorkspaceKept { get; init; }
}

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

/// <summary>
/// The PR's workspace is no longer needed (its deploy succeeded). Published by the Deploy Queue;
/// consumed by whoever owns workspaces.
/// </summary>
public record WorkspaceDestroyRequested
{
    public Guid DeployId { get; init; }
    public string DeployTaskId { get; init; } = "";
    public string Repository { get; init; } = "";
    public int PrNumber { get; init; }
    public string Branch { get; init; } = "";
}

/// <summary>
/// A human-readable update about a deploy. Published by the Deploy Queue at the start, at each
/// milestone and at the end; delivered to the durable `announce` queue.
/// </summary>
public record Announcement
{
    /// <summary>The deploy's saga id; empty for a request rejected before any deploy existed.</summary>
    public Guid DeployId { get; init; }
    public AnnouncementKind Kind { get; init; }
    public string Message { get; init; } = "";
    public string? DeployTaskId { get; init; }
    public string? Repository { get; init; }
    public int? PrNumber { get; init; }
    public string? Target { get; init; }
    public int Attempt { get; init; }
    public DateTimeOffset At { get; init; }
    public TimeSpan? Duration { get; init; }
    public IReadOnlyList<Link> Links { get; init; } = [];
    public IReadOnlyDictionary<string, string> Metrics { get; init; } = new Dictionary<string, string>();
}
