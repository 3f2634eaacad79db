namespace DeployQueue.Contracts;

/// <summary>
/// Look at GitHub now rather than at the next poll: a deploy waiting at the gate gates again, one watching its
/// deployment looks at it. Any other deploy ignores it. Change consumer → deploy saga.
/// </summary>
public record DeployLookNow(Guid DeployId, string Reason);
