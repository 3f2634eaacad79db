using Microsoft.Extensions.Options;

namespace DeployQueue.Domain.Configuration;

/// <summary>
/// The configured targets and GitHub settings, as the state machines and consumers read them. Read on
/// first use, not when constructed: the bus is built before the host validates the configuration, and a
/// bad value must be reported by that validation, as the host's logging is set up by then.
/// </summary>
public sealed class TargetCatalog(IOptions<DeployQueueOptions> options)
{
    public DeployQueueOptions Options => options.Value;

    public TimeSpan PollInterval => Options.GitHub.PollInterval;

    public TimeSpan MergeGrace => Options.GitHub.MergeGrace;

    /// <summary>When a deploy waiting in its lane since <paramref name="queuedAt"/> asks again (<see cref="DeployQueueOptions.LaneRecheck"/>).</summary>
    public TimeSpan LaneRecheckAfter(DateTimeOffset? queuedAt)
    {
        var waited = DateTimeOffset.UtcNow - (queuedAt ?? DateTimeOffset.UtcNow);
        var first = Options.LaneRecheck;
        return TimeSpan.FromTicks(Math.Clamp(waited.Ticks, first.Ticks, Math.Max(first.Ticks, LongestLaneRecheck.Ticks)));
    }

    static readonly TimeSpan LongestLaneRecheck = TimeSpan.FromHours(1);

    public bool IsKnown(string target) => Options.Targets.ContainsKey(target);

    public TargetOptions this[string target] =>
        Options.Targets.TryGetValue(target, out var settings)
            ? settings
            : throw new KeyNotFoundException($"Target '{target}' is not configured (DeployQueue:Targets).");

    public string EnvironmentOf(string target) => this[target].Environment ?? target;

    public bool IsAllowed(string repository) =>
        Options.Repositories.Contains(repository, StringComparer.OrdinalIgnoreCase);
}
