namespace DeployQueue.Infrastructure.Postgres.Outbox;

/// <summary>What the passes over one consumed message know of it.</summary>
sealed class InboxEntry(Guid messageId, bool recorded)
{
    /// <summary>The message's id, or (for a message without one) an id of this delivery for its outbox rows.</summary>
    public Guid MessageId { get; } = messageId;

    /// <summary>False for a message without a MessageId: it cannot be recognised when redelivered, so it has no inbox row.</summary>
    public bool Recorded { get; } = recorded;

    public bool Consumed { get; set; }
    public bool Delivered { get; set; }
    public int SentCount { get; set; }

    /// <summary>What this instance committed for the message, once it has: delivered from memory while still young.</summary>
    public CommittedRows? Committed { get; set; }
}
