namespace DeployQueue.Contracts;

/// <summary>The PR is merged (now, or before: a redelivery or an earlier target). Merge consumer → deploy saga.</summary>
public record PullRequestMerged(Guid DeployId, int Attempt, string HeadSha, string MergeSha, bool WasAlreadyMerged) : IAttemptResult;
