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

    /// <summary>
    /// How often a deploy waiting for its lane asks again (once a minute at the default poll interval): it heals a lost
    /// lane message, so it need not be prompt, and each time costs a lane update and a message to the lane's holder.
    /// </summary>
    public TimeSpan LaneRecheckInterval => PollInterval * 4;

    public bool IsKnown(string target) => Options.Targets.ContainsKey(target);

    public TargetOptions this[string target] =>
        Options.Targets.TryGetValue(target, out var settings)
            ? settings
            : throw new KeyNotFoundException($"Target '{target}' is not configured (DeployQueue:Targets).");

    public string EnvironmentOf(string target) => this[target].Environment ?? target;

    public bool IsAllowed(string repository) =>
        Options.Repositories.Contains(repository, StringComparer.OrdinalIgnoreCase);
}
