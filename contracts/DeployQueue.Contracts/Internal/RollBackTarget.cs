namespace DeployQueue.Contracts;

/// <summary>
/// Roll the target back by a GitHub Deployment of <see cref="Sha"/> (Rollback: Automatic), created once: a redelivery
/// finds the one created since <see cref="DecidedAt"/>. Monitor saga → rollback consumer.
/// </summary>
public record RollBackTarget(Guid LaneId, int Watch, string Repository, string Target, string Environment, string Sha, DateTimeOffset DecidedAt);
