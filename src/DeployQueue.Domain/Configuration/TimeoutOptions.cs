namespace DeployQueue.Domain.Configuration;

public sealed class TimeoutOptions
{
    public TimeSpan Merge { get; set; } = TimeSpan.FromMinutes(30);
    public TimeSpan Deploy { get; set; } = TimeSpan.FromMinutes(30);
    public TimeSpan Smoke { get; set; } = TimeSpan.FromMinutes(5);
}
