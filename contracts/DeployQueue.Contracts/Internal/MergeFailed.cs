namespace DeployQueue.Contracts;

/// <summary>GitHub refused the merge (405, 409, 422, branch protection). Merge consumer → deploy saga.</summary>
public record MergeFailed(Guid DeployId, int Attempt, int? StatusCode, string Message) : IAttemptResult;
