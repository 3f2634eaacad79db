using System.Globalization;
using DeployQueue.Contracts;
using DeployQueue.Domain.Policies;

namespace DeployQueue.Domain.StateMachines;

/// <summary>The messages a lane's monitor publishes, built from its state: pure functions, no I/O.</summary>
public static class MonitorMessages
{
    public static Announcement Announcement(MonitorState monitor, AnnouncementKind kind, string message, DateTimeOffset now) => new()
    {
        DeployId = monitor.Release.DeployId,
        Kind = kind,
        Message = message,
        DeployTaskId = monitor.Release.DeployTaskId,
        Repository = monitor.Repository,
        PrNumber = monitor.Release.PrNumber,
        Target = monitor.Target,
        Attempt = monitor.Release.Attempt,
        At = now,
        Duration = monitor.StartedAt is { } started && kind is AnnouncementKind.Stable ? now - started : null,
        Links = LinksOf(monitor).ToList(),
        Metrics = MetricsOf(monitor),
    };

    /// <summary>One fix task per check that failed in the streak, with that check's failing samples.</summary>
    public static IEnumerable<FixTaskRequested> FixTasks(MonitorState monitor, string environment, Func<Guid> newId) =>
        monitor.FailingSamples
            .GroupBy(sample => sample.Check)
            .Select(samples => FixTask(monitor, samples.ToList(), environment, newId()));

    /// <summary>What had no data in an interval, check by check.</summary>
    public static string Inconclusive(MonitoringSampled sampled) =>
        string.Join("; ", sampled.Checks.Where(c => c.Verdict == MonitoringVerdict.Inconclusive).Select(c => $"{c.Check}: {c.Observed}"));

    /// <summary>"GET /health: p95 48 ms, bound ≤ 500 ms" per failed check of the streak.</summary>
    public static string Failures(MonitorState monitor) =>
        string.Join("; ", monitor.FailingSamples.GroupBy(s => s.Check).Select(s => $"{s.Key}: {s.Last().Observed} (bound {s.Last().Bound})"));

    static FixTaskRequested FixTask(MonitorState monitor, IReadOnlyList<MonitoringCheckSample> samples, string environment, Guid fixTaskId)
    {
        var release = monitor.Release;
        var kind = samples[^1].Kind;
        return new FixTaskRequested
        {
            FixTaskId = fixTaskId,
            DeployId = release.DeployId,
            Attempt = release.Attempt,
            Kind = kind,
            Title = FixTaskTitles.For(kind, monitor.Target, release.PrNumber, environment),
            Description = Describe(monitor, samples),
            Priority = PriorityPolicy.ForFixTask(environment),
            Repository = monitor.Repository,
            PrNumber = release.PrNumber,
            PrUrl = release.PrUrl,
            Branch = release.Branch,
            Target = monitor.Target,
            MergeSha = release.MergeSha,
            DeployTaskId = release.DeployTaskId,
            CommitBuildTaskId = release.CommitBuildTaskId,
            Stage = DeployStage.Monitoring,
            Component = monitor.Target,
            LogExcerpt = string.Join("\n", samples.Select(s => $"{s.Check}: {s.Observed} (bound {s.Bound})")),
            WorkspaceKept = false,
        };
    }

    static string Describe(MonitorState monitor, IReadOnlyList<MonitoringCheckSample> samples) =>
        $"""
        {Watched(monitor)} of {monitor.Release.MergeSha} on {monitor.Target}: check '{samples[0].Check}' failed {samples.Count} interval(s) in a row.
        {string.Join("\n", samples.Select(s => $"- {s.Observed} (bound {s.Bound})"))}

        PR: {monitor.Release.PrUrl} ({monitor.Repository}#{monitor.Release.PrNumber}, branch {monitor.Release.Branch})
        Deploy task: {monitor.Release.DeployTaskId}; commit build task: {monitor.Release.CommitBuildTaskId ?? "(none)"}
        Known good before it: {monitor.Release.PreviousGoodSha ?? "(none)"}
        """;

    static string Watched(MonitorState monitor) => monitor.Canary is { } step ? $"The {step}" : "Post-deployment monitoring";

    static IEnumerable<Link> LinksOf(MonitorState monitor)
    {
        if (monitor.Release.PrUrl.Length > 0)
            yield return new Link($"PR #{monitor.Release.PrNumber}", monitor.Release.PrUrl);
        foreach (var fixTask in monitor.FixTaskIds)
            yield return new Link("Fix task", $"urn:fix-task:{fixTask}");
    }

    static Dictionary<string, string> MetricsOf(MonitorState monitor)
    {
        var metrics = new Dictionary<string, string>
        {
            ["mergeSha"] = monitor.Release.MergeSha,
            ["intervals"] = monitor.LastJudgedSample.ToString(CultureInfo.InvariantCulture),
        };
        if (monitor.Release.PreviousGoodSha is { } good)
            metrics["previousGoodSha"] = good;
        foreach (var figure in monitor.Figures)
            metrics[figure.Check] = Range(figure);
        return metrics;
    }

    static string Range(CheckFigure figure) =>
        figure.Lowest == figure.Highest
            ? $"{Number(figure.Lowest)} (bound {figure.Bound})"
            : $"{Number(figure.Lowest)}–{Number(figure.Highest)} (bound {figure.Bound})";

    static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
