namespace DeployQueue.Contracts;

/// <summary>
/// Look once whether the target's version endpoint serves <see cref="Sha"/>; for a rollback by the queue's own GitHub
/// Deployment (<see cref="ByDeployment"/>), first at that deployment's pipeline (since <see cref="DecidedAt"/>), so that
/// its failure is known at once. Monitor saga → rollback consumer.
/// </summary>
public record VerifyRollback(Guid LaneId, int Watch, string Repository, string Target, string Sha, bool ByDeployment, DateTimeOffset DecidedAt);
