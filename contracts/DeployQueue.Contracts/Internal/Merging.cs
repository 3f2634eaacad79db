namespace DeployQueue.Contracts;

// Every command names the deploy's attempt and every result repeats it: a late result of an earlier
// attempt is recognised as stale, so it never decides the attempt that runs now.

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

/// <summary>The PR is merged (now, or before: a redelivery or an earlier target). Merge consumer → deploy saga.</summary>
public record PullRequestMerged(Guid DeployId, int Attempt, string HeadSha, string MergeSha, bool WasAlreadyMerged) : IAttemptResult;

public enum MergeBlockReason
{
    ApprovalMissing,
    ChecksPending,
    ChecksFailing,
    Conflict,
    NotMergeable,
    DeadlinePassed,
    /// <summary>A promotion of a SHA other than the one that passed the prerequisite target, or older than the target's
    /// current one (the detail names both SHAs). Nothing is deployed.</summary>
    NotPromotable,
}

/// <summary>A check that blocks the gate.</summary>
public record CheckProblem(string Name, string Conclusion, string? Url, string? Summary);

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

/// <summary>GitHub refused the merge (405, 409, 422, branch protection). Merge consumer → deploy saga.</summary>
public record MergeFailed(Guid DeployId, int Attempt, int? StatusCode, string Message) : IAttemptResult;
