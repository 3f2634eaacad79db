namespace DeployQueue.Domain.Configuration;

/// <summary>
/// `Targets:&lt;t&gt;:Monitoring`: how long, how often and with which checks a release is watched after its deploy
/// succeeded, and how many bad intervals in a row decide (Argo Rollouts' interval, count, failureLimit, inconclusiveLimit).
/// </summary>
public sealed class MonitoringOptions
{
    /// <summary>How long after the deploy succeeded the release is watched; zero (the default) watches nothing.</summary>
    public TimeSpan Window { get; set; }

    /// <summary>How often the checks run; the first run is one interval after the deploy succeeded.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Failed intervals in a row that fail the release (a fix task, an announcement, a rollback where asked).</summary>
    public int FailureLimit { get; set; } = 2;

    /// <summary>Intervals in a row without data (no series, Prometheus unreachable) after which a person is asked to look.</summary>
    public int InconclusiveLimit { get; set; } = 3;

    public List<MonitoringCheckOptions> Checks { get; set; } = [];

    public bool Enabled => Window > TimeSpan.Zero;
}
