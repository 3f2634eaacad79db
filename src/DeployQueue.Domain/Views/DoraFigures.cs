using DeployQueue.Domain.StateMachines;

namespace DeployQueue.Domain.Views;

/// <summary>
/// The four DORA figures of one target over the last <see cref="Days"/> days, from the attempts that ended in that
/// window: <see cref="Deploys"/> succeeded; <see cref="LeadTime"/>, the median from request to succeeded;
/// <see cref="ChangeFailureRate"/>, failed among ended; <see cref="TimeToRestore"/>, the median from a failure to the
/// target's next success (a failure not yet followed by one is not counted). Null where nothing was there to measure.
/// </summary>
public sealed record DoraFigures(string Target, int Days, int Deploys, TimeSpan? LeadTime, double? ChangeFailureRate, TimeSpan? TimeToRestore)
{
    /// <summary>The figures of every target of <paramref name="deploys"/>, by target name.</summary>
    public static IReadOnlyList<DoraFigures> Of(IEnumerable<DeployState> deploys, int days, DateTimeOffset now)
    {
        var since = now - TimeSpan.FromDays(days);
        return deploys.SelectMany(FinishedAttempt.Of)
            .GroupBy(a => a.Target, StringComparer.OrdinalIgnoreCase)
            .OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase)
            .Select(g => Of(g.Key, days, g.OrderBy(a => a.FinishedAt).ToList(), since))
            .ToList();
    }

    static DoraFigures Of(string target, int days, IReadOnlyList<FinishedAttempt> attempts, DateTimeOffset since)
    {
        var inWindow = attempts.Where(a => a.FinishedAt >= since).ToList();
        var succeeded = inWindow.Where(a => a.Succeeded).ToList();
        var restores = inWindow.Where(a => !a.Succeeded)
            .Select(failed => attempts.FirstOrDefault(a => a.Succeeded && a.FinishedAt > failed.FinishedAt) is { } next
                ? next.FinishedAt - failed.FinishedAt
                : (TimeSpan?)null)
            .OfType<TimeSpan>()
            .ToList();
        return new DoraFigures(target, days, succeeded.Count,
            Median(succeeded.Select(a => a.FinishedAt - a.RequestedAt).ToList()),
            inWindow.Count == 0 ? null : (double)(inWindow.Count - succeeded.Count) / inWindow.Count,
            Median(restores));
    }

    static TimeSpan? Median(List<TimeSpan> values)
    {
        if (values.Count == 0)
            return null;
        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
