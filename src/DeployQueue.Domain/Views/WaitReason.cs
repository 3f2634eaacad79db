namespace DeployQueue.Domain.Views;

/// <summary>Why a deploy of a lane's queue does not run yet.</summary>
public enum WaitReason
{
    /// <summary>The gate found no approval that counts: outside the lane until one comes.</summary>
    Approval,
    /// <summary>The gate found required checks still pending: outside the lane until they pass.</summary>
    Checks,
    /// <summary>Another deploy (or the lane's rollback) holds the lane.</summary>
    LaneBusy,
    /// <summary>An operator locked the lane.</summary>
    LaneLocked,
}
