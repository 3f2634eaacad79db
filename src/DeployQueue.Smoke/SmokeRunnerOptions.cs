namespace DeployQueue.Smoke;

/// <summary>
/// How long one smoke run may wait. The defaults keep a run within a few seconds, so the consumer that runs it
/// never holds a RabbitMQ delivery long (DESIGN.md §2); a slower start is the saga's re-check, not a longer wait here.
/// </summary>
public sealed class SmokeRunnerOptions
{
    /// <summary>
    /// How long one run re-checks health and version (with backoff) while the new version comes up; later runs,
    /// scheduled by the saga until the target's smoke timeout, wait for a slower rollout.
    /// </summary>
    public TimeSpan StartupGrace { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>One request's bound, connect to last body byte; past it the check fails as "no answer".</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(2);
}
