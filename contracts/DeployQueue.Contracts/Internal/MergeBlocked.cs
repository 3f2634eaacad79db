namespace DeployQueue.Contracts;

/// <summary>The gate did not pass, or the merge deadline passed before the merge. Merge consumer → deploy saga.</summary>
public record MergeBlocked : IAttemptResult
{
    public Guid DeployId { get; init; }
    public int Attempt { get; init; }
    public MergeBlockReason Reason { get; init; }
    public string Detail { get; init; } = "";
    public string? HeadSha { get; init; }
    public IReadOnlyList<CheckProblem> Checks { get; init; } = [];
}
