namespace DeployQueue.Contracts;

public enum MergeBlockReason
{
    ApprovalMissing,
    ChecksPending,
    ChecksFailing,
    Conflict,
    /// <summary>The PR was closed without being merged: the deploy ends, announced as failed for that reason only.</summary>
    Closed,
    NotMergeable,
    DeadlinePassed,
    /// <summary>A promotion of a SHA other than the one that passed the prerequisite target, or older than the target's
    /// current one (the detail names both SHAs). Nothing is deployed.</summary>
    NotPromotable,
}
