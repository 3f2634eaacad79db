using Microsoft.Extensions.Options;

namespace DeployQueue.Domain.Configuration;

/// <summary>
/// The configured targets and GitHub settings, as the state machines and consumers read them. Read on
/// first use, not when constructed: the bus is built before the host validates the configuration, and a
/// bad value must be reported by that validation, as the host's logging is set up by then. Deadlines and due times are
/// read on <paramref name="clock"/>: one instance stamps a deadline that another judges, so with several instances it is
/// the database's clock, not the instance's own.
/// </summary>
public sealed class TargetCatalog(IOptions<DeployQueueOptions> options, TimeProvider clock)
{
    public DeployQueueOptions Options => options.Value;

    /// <summary>Now, on the clock deadlines are stamped and judged with.</summary>
    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>
    /// The delay until <paramref name="due"/> (on <see cref="Now"/>'s clock), for a schedule: MassTransit reads an absolute
    /// time on the instance's own clock, a delay on none.
    /// </summary>
    public TimeSpan Until(DateTimeOffset due) => due - Now;

    public TimeSpan MergeGrace => Options.GitHub.MergeGrace;

    /// <summary>When a deploy waiting in its lane since <paramref name="queuedAt"/> asks again (<see cref="DeployQueueOptions.LaneRecheck"/>).</summary>
    public TimeSpan LaneRecheckAfter(DateTimeOffset? queuedAt)
    {
        var waited = Now - (queuedAt ?? Now);
        var first = Options.LaneRecheck;
        return TimeSpan.FromTicks(Math.Clamp(waited.Ticks, first.Ticks, Math.Max(first.Ticks, LongestLaneRecheck.Ticks)));
    }

    static readonly TimeSpan LongestLaneRecheck = TimeSpan.FromHours(1);

    /// <summary>
    /// When a deploy whose target was not ready at <paramref name="rechecksSoFar"/> earlier re-checks looks again
    /// (<see cref="DeployQueueOptions.SmokeRecheck"/>, doubling up to <see cref="LongestSmokeRecheck"/>): never after the
    /// smoke deadline, so that its last run is due at the deadline, and never before now.
    /// </summary>
    public DateTimeOffset SmokeRecheckDue(int rechecksSoFar, DateTimeOffset deadline)
    {
        var now = Now;
        var due = now + Options.SmokeRecheck * (1 << Math.Min(rechecksSoFar, SmokeRecheckDoublings));
        return deadline < due ? (deadline > now ? deadline : now) : due;
    }

    const int SmokeRecheckDoublings = 4;

    /// <summary>
    /// The longest wait between smoke runs. The smoke timeout's safety net (a run that never reports) fires this long
    /// after the smoke deadline: time enough for the last run, due at the deadline, to report.
    /// </summary>
    public TimeSpan LongestSmokeRecheck => Options.SmokeRecheck * (1 << SmokeRecheckDoublings);

    public bool IsKnown(string target) => Options.Targets.ContainsKey(target);

    public TargetOptions this[string target] =>
        Options.Targets.TryGetValue(target, out var settings)
            ? settings
            : throw new KeyNotFoundException($"Target '{target}' is not configured (DeployQueue:Targets).");

    public string EnvironmentOf(string target) => this[target].Environment ?? target;

    public bool IsAllowed(string repository) =>
        Options.Repositories.Contains(repository, StringComparer.OrdinalIgnoreCase);
}
