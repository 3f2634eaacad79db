namespace DeployQueue.Contracts;

/// <summary>The target's rollback timeout passed before the target served the SHA rolled back to. Scheduled by the monitor saga.</summary>
public record RollbackTimeoutExpired(Guid LaneId);
