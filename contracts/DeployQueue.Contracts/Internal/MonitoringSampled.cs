namespace DeployQueue.Contracts;

/// <summary>One interval's checks, each judged against its bound. Monitoring consumer → monitor saga.</summary>
public record MonitoringSampled(Guid LaneId, int Watch, int Sample, DateTimeOffset At, IReadOnlyList<MonitoringCheckSample> Checks);
