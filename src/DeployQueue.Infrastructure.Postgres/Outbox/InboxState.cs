namespace DeployQueue.Infrastructure.Postgres.Outbox;

/// <summary>
/// The inbox: one row per message a consumer (or saga) has consumed, written in the same transaction as the
/// effects of that message. A redelivered message that finds its row changes nothing.
/// </summary>
public class InboxState
{
    public Guid MessageId { get; set; }

    /// <summary>The consumer on its endpoint (MassTransit's id from the endpoint name and the consumer type).</summary>
    public Guid ConsumerId { get; set; }

    public DateTimeOffset ConsumedAt { get; set; }
}
