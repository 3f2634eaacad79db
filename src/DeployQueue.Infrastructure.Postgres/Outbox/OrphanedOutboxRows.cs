using DeployQueue.Infrastructure.Postgres.Polling;
using MassTransit;
using MassTransit.Middleware;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace DeployQueue.Infrastructure.Postgres.Outbox;

/// <summary>
/// Outbox rows older than <paramref name="orphanAge"/>: left by an instance that died between its commit and its
/// delivery (younger ones are being delivered by the consumer that wrote them). Oldest first, in the order their
/// consumed message sent them.
/// </summary>
sealed class OrphanedOutboxRows(TimeSpan orphanAge, ILogger logger) : IDueRows<OutboxMessage>
{
    public IQueryable<OutboxMessage> Claim(DbContext db, DateTimeOffset now, int limit) =>
        db.Set<OutboxMessage>().FromSqlInterpolated($"""
            SELECT * FROM outbox_messages WHERE "CreatedAt" < {now - orphanAge}
            ORDER BY "CreatedAt", "InboxMessageId", "InboxConsumerId", "SequenceNumber"
            LIMIT {limit} FOR UPDATE SKIP LOCKED
            """);

    public Uri? DestinationOf(OutboxMessage row) => row.DestinationAddress;

    public IPipe<SendContext> SendPipe(OutboxMessage row, Uri destination) => new OutboxMessageSendPipe(row.ReadHeaders(), destination);

    /// <summary>Never: the messages of one consumed message keep their order.</summary>
    public bool PutOff(OutboxMessage row, DateTimeOffset now) => false;

    public string Describe(OutboxMessage row) => $"Outbox message {row.MessageId} to {row.DestinationAddress}";

    public void Delivered(int count)
    {
        if (count > 0)
            logger.LogInformation("Sent {Count} outbox message(s) left by an earlier delivery", count);
    }
}
