namespace DeployQueue.Contracts;

/// <summary>
/// One check of one interval: what it observed against its bound, and the verdict. <see cref="Value"/> is the figure
/// judged (p95 latency in ms, a query's value), when there was one; <see cref="Kind"/> is the fix task a failure makes.
/// </summary>
public record MonitoringCheckSample(string Check, MonitoringVerdict Verdict, FixTaskKind Kind, double? Value, string Observed, string Bound);
