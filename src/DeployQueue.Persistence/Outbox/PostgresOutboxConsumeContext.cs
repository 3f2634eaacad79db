using MassTransit;
using MassTransit.Middleware;
using MassTransit.Middleware.Outbox;
using Microsoft.EntityFrameworkCore;

namespace DeployQueue.Persistence.Outbox;

/// <summary>
/// One pass of <see cref="OutboxMessagePipe{TMessage}"/> over a consumed message (see <see cref="PostgresOutboxContextFactory"/>):
/// sends and publishes become <see cref="OutboxMessage"/> rows in the message's DbContext; <see cref="SetConsumed"/>
/// saves them with the inbox row and whatever the consumer or saga changed; delivery loads the rows this pass
/// could lock and removes those it sent.
/// </summary>
sealed class PostgresOutboxConsumeContext<TMessage> : OutboxConsumeContextProxy<TMessage>
    where TMessage : class
{
    readonly DeployQueueDbContext _db;
    readonly InboxEntry _inbox;

    public PostgresOutboxConsumeContext(ConsumeContext<TMessage> context, OutboxConsumeOptions options, IServiceProvider provider,
        DeployQueueDbContext db, InboxEntry inbox)
        : base(context, options, provider)
    {
        _db = db;
        _inbox = inbox;
        AddOrUpdatePayload(() => new OutboxUnitOfWork(db), _ => new OutboxUnitOfWork(db));
    }

    public override bool ContinueProcessing { get; set; } = true;
    public override bool IsMessageConsumed => _inbox.Consumed;
    public override bool IsOutboxDelivered => _inbox.Delivered;
    public override int ReceiveCount => 1;

    /// <summary>Sent rows are deleted as they go, so there is never a sequence number to skip to.</summary>
    public override long? LastSequenceNumber => null;

    public override async Task SetConsumed()
    {
        if (_inbox.Recorded)
            _db.Add(new InboxState { MessageId = _inbox.MessageId, ConsumerId = ConsumerId, ConsumedAt = DateTimeOffset.UtcNow });
        await _db.SaveChangesAsync(CancellationToken).ConfigureAwait(false);
        _inbox.Consumed = true;
        // Nothing sent: nothing to deliver.
        _inbox.Delivered = _inbox.SentCount == 0;
    }

    public override Task SetDelivered()
    {
        _inbox.Delivered = true;
        return Task.CompletedTask;
    }

    /// <summary>
    /// This message's rows that no one else is sending right now (another instance's delivery service may hold
    /// some: it sends those). The caller's transaction keeps them locked until they are deleted.
    /// </summary>
    public override async Task<List<OutboxMessageContext>> LoadOutboxMessages()
    {
        var messages = await _db.OutboxMessages.FromSqlInterpolated($"""
                SELECT * FROM outbox_messages
                WHERE "InboxMessageId" = {_inbox.MessageId} AND "InboxConsumerId" = {ConsumerId}
                ORDER BY "SequenceNumber" LIMIT {Options.MessageDeliveryLimit + 1} FOR UPDATE SKIP LOCKED
                """)
            .ToListAsync(CancellationToken).ConfigureAwait(false);
        return messages.Select(OutboxMessageContext (m) => m.ReadHeaders()).ToList();
    }

    public override Task NotifyOutboxMessageDelivered(OutboxMessageContext message)
    {
        _db.OutboxMessages.Remove((OutboxMessage)message);
        return Task.CompletedTask;
    }

    /// <summary>Rows are removed as they are sent: nothing is left once delivery completed.</summary>
    public override Task RemoveOutboxMessages() => Task.CompletedTask;

    public override Task AddSend<T>(SendContext<T> context)
    {
        lock (_inbox)
            _db.OutboxMessages.Add(OutboxMessage.From(context, _inbox.MessageId, ConsumerId, ++_inbox.SentCount));
        return Task.CompletedTask;
    }
}

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
}
