namespace DeployQueue.Contracts;

/// <summary>Gate the PR and merge it at the gated head SHA. Deploy saga → merge consumer.</summary>
public record MergePullRequest
{
    public Guid DeployId { get; init; }
    public int Attempt { get; init; }
    public string Repository { get; init; } = "";
    public int PrNumber { get; init; }
    public string Target { get; init; } = "";
    public MergeStrategy MergeStrategy { get; init; }
    public string CommitTitle { get; init; } = "";
    /// <summary>
    /// The due time of the deploy's merge timeout. The consumer never merges after it (it reports
    /// <see cref="MergeBlocked"/> with <see cref="MergeBlockReason.DeadlinePassed"/>), so the saga knows how long a
    /// merge of this command may still land.
    /// </summary>
    public DateTimeOffset Deadline { get; init; }
    /// <summary>
    /// For a staged target: the SHA that succeeded on the prerequisite target, the only one this deploy may promote.
    /// The consumer refuses (<see cref="MergeBlockReason.NotPromotable"/>) a PR merged as another SHA, or not merged.
    /// </summary>
    public string? PromotedSha { get; init; }
    /// <summary>
    /// The SHA the target runs, as far as the queue knows (the last deploy that succeeded there); null: none yet. A promotion
    /// is refused unless GitHub's compare of this SHA with the promoted one says ahead or identical.
    /// </summary>
    public string? CurrentSha { get; init; }
}
