using DeployQueue.Domain.Ports;

namespace DeployQueue.Domain.Policies;

/// <summary>Where no webhook endpoint runs: polling is all there is.</summary>
public sealed class NoWebhookActivity : IWebhookActivity
{
    public DateTimeOffset? LastDeliveryAt => null;
}
