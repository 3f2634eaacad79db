namespace DeployQueue.Domain.Ports;

/// <summary>What the gate found on a PR; the merge happens only on <see cref="GateVerdict.Ready"/>.</summary>
public enum GateVerdict
{
    Ready,
    AlreadyMerged,
    ApprovalMissing,
    ChecksPending,
    ChecksFailing,
    Conflict,
    /// <summary>Closed without merge, draft, or otherwise not mergeable for a reason no wait will fix.</summary>
    NotMergeable,
}
