namespace DeployQueue.Domain.Configuration;

public sealed class HealthCheckOptions
{
    public string Path { get; set; } = "/health";
    public int ExpectStatus { get; set; } = 200;
}
