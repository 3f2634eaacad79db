using DeployQueue.Contracts;
using DeployQueue.Domain.StateMachines;

namespace DeployQueue.Domain.Policies;

/// <summary>How one interval's checks make the interval's verdict, and the figures a watch keeps of them.</summary>
public static class MonitorVerdicts
{
    /// <summary>Failed when any check failed; else inconclusive when any had no data; else passed. Data that breaches a bound
    /// is never outweighed by a check without data, and no data is never taken for a breach.</summary>
    public static MonitoringVerdict Of(IReadOnlyList<MonitoringCheckSample> checks) =>
        checks.Any(c => c.Verdict == MonitoringVerdict.Failed) ? MonitoringVerdict.Failed
        : checks.Any(c => c.Verdict == MonitoringVerdict.Inconclusive) ? MonitoringVerdict.Inconclusive
        : MonitoringVerdict.Passed;

    /// <summary>The figures with this interval's values in: each check's lowest and highest value so far.</summary>
    public static List<CheckFigure> WithSample(IReadOnlyList<CheckFigure> figures, IReadOnlyList<MonitoringCheckSample> checks)
    {
        var updated = figures.ToDictionary(f => f.Check);
        foreach (var check in checks)
        {
            if (check.Value is not { } value)
                continue;
            updated[check.Check] = updated.TryGetValue(check.Check, out var figure)
                ? figure with { Lowest = Math.Min(figure.Lowest, value), Highest = Math.Max(figure.Highest, value) }
                : new CheckFigure(check.Check, value, value, check.Bound);
        }
        return updated.Values.OrderBy(f => f.Check, StringComparer.Ordinal).ToList();
    }
}
