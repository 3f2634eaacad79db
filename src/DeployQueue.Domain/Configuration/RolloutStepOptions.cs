namespace DeployQueue.Domain.Configuration;

/// <summary>One step of a rollout: the percent of traffic (or instances) on the new version, and how long the monitoring
/// checks judge it before the next step (none after the last, 100).</summary>
public sealed class RolloutStepOptions
{
    public int Weight { get; set; }
    public TimeSpan Pause { get; set; }
}
