namespace DeployQueue.Domain.Configuration;

/// <summary>`DeployQueue:Prometheus`: where the Prometheus checks of monitoring are queried.</summary>
public sealed class PrometheusOptions
{
    /// <summary>Prometheus's base URL (its HTTP API under /api/v1); required when a target has a Prometheus check.</summary>
    public string? BaseUrl { get; set; }
}
