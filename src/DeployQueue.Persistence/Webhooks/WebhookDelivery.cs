namespace DeployQueue.Persistence.Webhooks;

/// <summary>One webhook delivery received from GitHub (a row of webhook_deliveries).</summary>
public class WebhookDelivery
{
    /// <summary>X-GitHub-Delivery.</summary>
    public string DeliveryId { get; set; } = "";
    /// <summary>X-GitHub-Event.</summary>
    public string Event { get; set; } = "";
    public DateTimeOffset ReceivedAt { get; set; }
}
