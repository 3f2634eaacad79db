namespace DeployQueue.Domain.Ports;

/// <summary>Where a candidate SHA stands against a target's current SHA in the repository's history (GitHub's compare).</summary>
public enum CommitOrder
{
    /// <summary>The candidate contains the current SHA and more: deploying it moves the target forward.</summary>
    Ahead,
    Identical,
    /// <summary>The candidate is an ancestor of the current SHA: deploying it would revert what came after it.</summary>
    Behind,
    /// <summary>Each has commits the other lacks: deploying the candidate would drop the current one's.</summary>
    Diverged,
    /// <summary>GitHub does not know one of the SHAs, so nothing says the candidate is not older.</summary>
    Unknown,
}
