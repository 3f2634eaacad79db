namespace DeployQueue.Domain.Configuration;

public sealed class TimeoutOptions
{
    public TimeSpan Merge { get; set; } = TimeSpan.FromMinutes(30);
    public TimeSpan Deploy { get; set; } = TimeSpan.FromMinutes(30);
    public TimeSpan Smoke { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a rollback may take until the target serves the SHA rolled back to; then InvestigationNeeded.</summary>
    public TimeSpan Rollback { get; set; } = TimeSpan.FromMinutes(10);
}
