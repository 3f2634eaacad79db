namespace DeployQueue.Domain.Ports;

/// <summary>When GitHub last delivered a webhook to any instance of the queue, as far as this instance knows.</summary>
public interface IWebhookActivity
{
    /// <summary>Null: none known (webhooks off, or none received lately).</summary>
    DateTimeOffset? LastDeliveryAt { get; }
}
