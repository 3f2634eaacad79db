namespace DeployQueue.Contracts;

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
