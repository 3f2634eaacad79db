namespace DeployQueue.Contracts;

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
