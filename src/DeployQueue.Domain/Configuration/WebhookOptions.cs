namespace DeployQueue.Domain.Configuration;

/// <summary>`DeployQueue:GitHub:Webhooks`: the endpoint `POST /webhooks/github` (the secret is `DeployQueue:GitHub:WebhookSecret`).</summary>
public sealed class WebhookOptions
{
    /// <summary>Whether the endpoint is served. Enabled, it needs the secret: the start stops without one.</summary>
    public bool Enabled { get; set; }

    /// <summary>Deliveries larger than this are refused (413); GitHub caps payloads at 25 MB, ours are a few KiB.</summary>
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>How long a delivery id is remembered, so that a redelivery is recognised.</summary>
    public TimeSpan DeliveryRetention { get; set; } = TimeSpan.FromDays(3);
}
