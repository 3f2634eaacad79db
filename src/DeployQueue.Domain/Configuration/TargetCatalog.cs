using Microsoft.Extensions.Options;

namespace DeployQueue.Domain.Configuration;

/// <summary>The configured targets and GitHub settings, as the state machines and consumers read them.</summary>
public sealed class TargetCatalog(IOptions<DeployQueueOptions> options)
{
    readonly DeployQueueOptions _options = options.Value;

    public DeployQueueOptions Options => _options;

    public TimeSpan PollInterval => _options.GitHub.PollInterval;

    public bool IsKnown(string target) => _options.Targets.ContainsKey(target);

    public TargetOptions this[string target] =>
        _options.Targets.TryGetValue(target, out var options)
            ? options
            : throw new KeyNotFoundException($"Target '{target}' is not configured (DeployQueue:Targets).");

    public string EnvironmentOf(string target) => this[target].Environment ?? target;

    public bool IsAllowed(string repository) =>
        _options.Repositories.Contains(repository, StringComparer.OrdinalIgnoreCase);
}
