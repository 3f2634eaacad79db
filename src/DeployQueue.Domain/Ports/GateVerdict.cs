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
    /// <summary>Closed without merge: nobody wants it merged any more, so nothing is left to do, by hand or otherwise.</summary>
    Closed,
    /// <summary>A draft, a base other than the target's branch, or otherwise not mergeable for a reason no wait will fix.</summary>
    NotMergeable,
}
