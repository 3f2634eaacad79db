namespace DeployQueue.Domain.Configuration;

/// <summary>The `DeployQueue` section of the configuration (DESIGN.md §8).</summary>
public sealed class DeployQueueOptions
{
    public const string SectionName = "DeployQueue";

    public GitHubOptions GitHub { get; set; } = new();

    public PrometheusOptions Prometheus { get; set; } = new();

    /// <summary>The allow-list: "owner/name" of every repository the queue may deploy.</summary>
    public List<string> Repositories { get; set; } = [];

    public Dictionary<string, TargetOptions> Targets { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// When a deploy waiting for its lane first asks again, in case a lane message was lost (it sits in an error queue
    /// after its retries). Later asks wait as long as the deploy has waited so far, up to an hour: healing need not be
    /// prompt, and every ask costs a lane update and a message to the lane's holder.
    /// </summary>
    public TimeSpan LaneRecheck { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// When a deploy whose target does not serve the merge SHA healthily yet runs its smoke checks again. Each later
    /// run waits twice as long as the one before, up to 16 times this, and the last one is due at the target's smoke
    /// timeout (Targets:&lt;t&gt;:Timeouts:Smoke), where a target still not ready fails.
    /// </summary>
    public TimeSpan SmokeRecheck { get; set; } = TimeSpan.FromSeconds(2);
}
