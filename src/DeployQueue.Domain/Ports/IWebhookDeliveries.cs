namespace DeployQueue.Domain.Ports;

/// <summary>
/// The webhook deliveries received, by X-GitHub-Delivery, shared by every instance: a redelivery (GitHub sends it with
/// the same id) is recognised, and the newest says whether webhooks arrive at all.
/// </summary>
public interface IWebhookDeliveries
{
    Task<bool> Contains(string deliveryId, CancellationToken cancellationToken);

    /// <summary>Records the delivery unless it is already recorded.</summary>
    Task Record(string deliveryId, string eventName, DateTimeOffset receivedAt, CancellationToken cancellationToken);

    /// <summary>When the newest delivery still remembered arrived; null: none.</summary>
    Task<DateTimeOffset?> LastReceivedAt(CancellationToken cancellationToken);

    /// <summary>Forgets the deliveries received before <paramref name="cutoff"/>; returns how many.</summary>
    Task<int> ForgetReceivedBefore(DateTimeOffset cutoff, CancellationToken cancellationToken);
}
