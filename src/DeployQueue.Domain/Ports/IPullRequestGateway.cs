using DeployQueue.Contracts;

namespace DeployQueue.Domain.Ports;

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
