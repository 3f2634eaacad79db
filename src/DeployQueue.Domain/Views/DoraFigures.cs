namespace DeployQueue.Domain.Views;

/// <summary>
/// The four DORA figures of one target over the last <see cref="Days"/> days, from the attempts that ended in that
/// window: <see cref="Deploys"/> succeeded; <see cref="LeadTime"/>, the median from request to succeeded;
/// <see cref="ChangeFailureRate"/>, failed among ended; <see cref="TimeToRestore"/>, the median from a failure to the
/// target's next success (a failure not yet followed by one is not counted). Null where nothing was there to measure.
/// </summary>
public sealed record DoraFigures(string Target, int Days, int Deploys, TimeSpan? LeadTime, double? ChangeFailureRate, TimeSpan? TimeToRestore)
{
    /// <summary>The windows the status page, the API and <c>deployq status</c> show, in days.</summary>
    public static readonly IReadOnlyList<int> WindowDays = [7, 30];

    /// <summary>
    /// The figures of every target of the <paramref name="ended"/> attempts over each of <see cref="WindowDays"/>, by target name,
    /// then window.
    /// </summary>
    public static IReadOnlyList<DoraFigures> Of(IEnumerable<FinishedAttempt> ended, DateTimeOffset now)
    {
        var byTarget = ended
            .GroupBy(a => a.Target, StringComparer.OrdinalIgnoreCase)
            .OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase)
            .Select(g => (Target: g.Key, Attempts: g.OrderBy(a => a.FinishedAt).ToList()))
            .ToList();
        return byTarget.SelectMany(t => WindowDays.Select(days => Of(t.Target, days, t.Attempts, now - TimeSpan.FromDays(days)))).ToList();
    }

    /// <param name="attempts">The target's attempts, in the order they ended.</param>
    static DoraFigures Of(string target, int days, List<FinishedAttempt> attempts, DateTimeOffset since)
    {
        var inWindow = attempts.Where(a => a.FinishedAt >= since).ToList();
        var succeeded = inWindow.Where(a => a.Succeeded).ToList();
        var successes = attempts.Where(a => a.Succeeded).Select(a => a.FinishedAt).ToList();
        var restores = inWindow.Where(a => !a.Succeeded)
            .Select(failed => NextAfter(successes, failed.FinishedAt) is { } next ? next - failed.FinishedAt : (TimeSpan?)null)
            .OfType<TimeSpan>()
            .ToList();
        return new DoraFigures(target, days, succeeded.Count,
            Median(succeeded.Select(a => a.FinishedAt - a.RequestedAt).ToList()),
            inWindow.Count == 0 ? null : (double)(inWindow.Count - succeeded.Count) / inWindow.Count,
            Median(restores));
    }

    /// <summary>The first of the ordered <paramref name="times"/> after <paramref name="moment"/>, by binary search: a long history stays cheap.</summary>
    static DateTimeOffset? NextAfter(List<DateTimeOffset> times, DateTimeOffset moment)
    {
        var (low, high) = (0, times.Count);
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (times[middle] > moment)
                high = middle;
            else
                low = middle + 1;
        }
        return low < times.Count ? times[low] : null;
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
