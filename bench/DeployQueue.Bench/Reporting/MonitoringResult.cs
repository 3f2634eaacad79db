namespace DeployQueue.Bench.Reporting;

/// <summary>
/// Lanes watched by one service process: its CPU (in cores) idle and while it only monitors, the machine's meanwhile, and
/// from the moment a degraded target crossed its bound to the FixTaskRequested, against <see cref="BoundMs"/>; and how far apart the
/// intervals of the stable lanes really were (<see cref="ObservedInterval"/>), where the detection's time goes.
/// </summary>
public sealed record MonitoringResult(int Lanes, TimeSpan Interval, int FailureLimit, TimeSpan Window, int Succeeded,
    double IdleCores, double MonitoringCores, CpuUse Machine, int Degraded, int FixTasks, int Stable, LatencySummary Detection, double BoundMs,
    LatencySummary ObservedInterval);
