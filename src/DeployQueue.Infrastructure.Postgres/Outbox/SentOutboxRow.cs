namespace DeployQueue.Infrastructure.Postgres.Outbox;

public readonly record struct SentOutboxRow(Guid InboxMessageId, Guid InboxConsumerId, long SequenceNumber);
