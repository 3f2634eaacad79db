using DeployQueue.Contracts;

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

/// <param name="HeadSha">The head SHA the verdict is about; the merge is pinned to it.</param>
/// <param name="MergeSha">For <see cref="GateVerdict.AlreadyMerged"/>: the merge commit.</param>
public sealed record GateResult(
    GateVerdict Verdict,
    string HeadSha,
    string Detail,
    IReadOnlyList<CheckProblem> Checks,
    string? MergeSha = null);

public enum MergeOutcomeKind
{
    Merged,
    /// <summary>Already merged at the pinned head SHA: a redelivery, never a second merge.</summary>
    AlreadyMerged,
    /// <summary>The branch moved after the gate (GitHub's 409 for a stale sha): gate again.</summary>
    HeadMoved,
    Conflict,
    /// <summary>Refused for another reason (405, 409, 422, branch protection): a person must look.</summary>
    Refused,
}

public sealed record MergeOutcome(MergeOutcomeKind Kind, string? MergeSha, int? StatusCode, string Message);

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

/// <summary>The rules a target applies at the gate.</summary>
/// <param name="RequiredApprovals">Approvals on the head by accounts with write access, the PR's author not counted.</param>
/// <param name="Branch">The base a PR must have; null: the repository's default branch.</param>
/// <param name="AllowNoChecks">Whether a head on which nothing has reported may merge (otherwise: checks pending).</param>
public sealed record GateRules(int RequiredApprovals, string? Branch = null, bool AllowNoChecks = false);

/// <summary>GitHub's pull requests, as the merge consumer needs them. Implemented over Octokit.</summary>
public interface IPullRequestGateway
{
    Task<GateResult> EvaluateGate(string repository, int prNumber, GateRules rules, CancellationToken cancellationToken);

    /// <summary>Merges pinned to <paramref name="headSha"/>, so that GitHub refuses if the branch moved.</summary>
    Task<MergeOutcome> Merge(string repository, int prNumber, string headSha, MergeStrategy strategy, string commitTitle,
        CancellationToken cancellationToken);

    /// <summary>Where <paramref name="candidateSha"/> stands against <paramref name="currentSha"/> (GitHub's compare, current...candidate).</summary>
    Task<CommitOrder> Compare(string repository, string currentSha, string candidateSha, CancellationToken cancellationToken);
}
