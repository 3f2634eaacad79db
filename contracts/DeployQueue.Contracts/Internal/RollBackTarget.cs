namespace DeployQueue.Contracts;

/// <summary>
/// Roll the target back by a GitHub Deployment of <see cref="Sha"/> (Rollback: Automatic, or a target with a rollout), created
/// once: a redelivery finds the one created since <see cref="DecidedAt"/>. On a target with a rollout, <see cref="AbortedSha"/>
/// names the release taken off: the Deployment carries weight 0 for it. Monitor saga → rollback consumer.
/// </summary>
public record RollBackTarget(Guid LaneId, int Watch, string Repository, string Target, string Environment, string Sha, DateTimeOffset DecidedAt,
    string? AbortedSha);
