namespace DeployQueue.Contracts;

/// <summary>Time for the monitor's next interval. Scheduled by the monitor saga for itself.</summary>
public record MonitoringIntervalDue(Guid LaneId);
