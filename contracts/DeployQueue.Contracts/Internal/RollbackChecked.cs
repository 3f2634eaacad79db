namespace DeployQueue.Contracts;

/// <summary>
/// What the rollback looked like: the version endpoint serves the SHA rolled back to, or not (<see cref="Observed"/> says
/// what it served); <see cref="DeploymentFailed"/> when the rollback's own GitHub Deployment failed. Rollback consumer →
/// monitor saga.
/// </summary>
public record RollbackChecked(Guid LaneId, int Watch, bool Served, bool DeploymentFailed, string Observed);
