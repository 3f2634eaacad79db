namespace DeployQueue.Contracts;

/// <summary>Time to look again whether the rollback is served. Scheduled by the monitor saga for itself.</summary>
public record RollbackCheckDue(Guid LaneId);
