namespace DeployQueue.Simulators.GitHub.Webhooks;

/// <summary>A delivery the simulator sent, and how the receiver answered (0: it did not answer).</summary>
public sealed record SentDelivery(string Event, string? Action, string DeliveryId, int StatusCode);
