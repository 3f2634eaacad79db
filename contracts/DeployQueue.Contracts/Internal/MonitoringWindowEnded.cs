namespace DeployQueue.Contracts;

/// <summary>The monitoring window of the watched release has passed. Scheduled by the monitor saga for itself.</summary>
public record MonitoringWindowEnded(Guid LaneId);
