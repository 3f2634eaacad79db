using DeployQueue.Infrastructure.Postgres.Clock;
using MassTransit;
using MassTransit.Middleware;
using MassTransit.Middleware.Outbox;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DeployQueue.Infrastructure.Postgres.Outbox;

/// <summary>
/// One pass of <see cref="OutboxMessagePipe{TMessage}"/> over a consumed message (see <see cref="PostgresOutboxContextFactory"/>):
/// sends and publishes become <see cref="OutboxMessage"/> rows in the message's DbContext; <see cref="SetConsumed"/>
/// saves them with the inbox row and whatever the consumer or saga changed; delivery sends the rows just committed
/// (or, on a redelivery, those this pass could lock) and deletes those it sent in one statement. What an
/// <see cref="ITransactionalSendStore"/> keeps (the scheduler's schedules) becomes its rows of the same transaction instead.
/// </summary>
sealed class PostgresOutboxConsumeContext<TMessage> : OutboxConsumeContextProxy<TMessage>
    where TMessage : class
{
    readonly DbContext _db;
    readonly InboxEntry _inbox;
    readonly List<long> _delivered = [];
    readonly DatabaseClock _clock;
    readonly AfterCommitDeletes _afterCommitDeletes;
    readonly ITransactionalSends[] _storedSends;

    /// <summary>Kept as they are added: asking the change tracker would scan (and compare) every tracked entity once more.</summary>
    readonly List<OutboxMessage> _added = [];

    public PostgresOutboxConsumeContext(ConsumeContext<TMessage> context, OutboxConsumeOptions options, IServiceProvider provider,
        DbContext db, InboxEntry inbox, DatabaseClock clock, AfterCommitDeletes afterCommitDeletes, IEnumerable<ITransactionalSendStore> stores)
        : base(context, options, provider)
    {
        _db = db;
        _inbox = inbox;
        _clock = clock;
        _afterCommitDeletes = afterCommitDeletes;
        _storedSends = stores.Select(s => s.Begin(db)).ToArray();
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
            _db.Add(new InboxState { MessageId = _inbox.MessageId, ConsumerId = ConsumerId, ConsumedAt = _clock.GetUtcNow() });

        // Stamped at the commit, not when the consumer sent them (it may have run for seconds): the delivery service
        // leaves rows alone for OrphanAge after this, while this instance sends them.
        var committedAt = _clock.GetUtcNow();
        var rows = _added.OrderBy(m => m.SequenceNumber).ToList();
        rows.ForEach(m => m.CreatedAt = committedAt);

        try
        {
            await _db.SaveChangesAsync(CancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException exception) when (_inbox.Recorded && IsConsumedAlready(exception))
        {
            // A duplicate, found at the commit: rolled back, it changed nothing. What the first consumption sent and
            // did not deliver yet is sent by the next pass.
            _db.ChangeTracker.Clear();
            _inbox.Consumed = true;
            return;
        }

        _inbox.Consumed = true;
        // Nothing sent: nothing to deliver.
        _inbox.Delivered = _inbox.SentCount == 0;
        _inbox.Committed = new CommittedRows(rows, committedAt);

        // The stores' obsolete rows (cancelled schedules) go with the delete of the sent rows, or now if there are none.
        var queued = false;
        foreach (var sends in _storedSends)
            queued |= sends.Committed();
        if (_inbox.Delivered && queued)
            await _afterCommitDeletes.DeleteQueued().ConfigureAwait(false);
    }

    /// <summary>This message's inbox row, or outbox rows committed with it, exist already.</summary>
    static bool IsConsumedAlready(DbUpdateException exception) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, TableName: "inbox_states" or "outbox_messages" };

    public override Task SetDelivered()
    {
        _inbox.Delivered = true;
        return Task.CompletedTask;
    }

    /// <summary>
    /// The rows this instance has just committed, as they are in memory (<see cref="DeliverCommittedRows"/>), or else
    /// this message's rows that no one else is sending right now (another instance's delivery service may hold
    /// some: it sends those); the caller's transaction keeps them locked until they are deleted.
    /// </summary>
    public override async Task<List<OutboxMessageContext>> LoadOutboxMessages()
    {
        if (DeliverCommittedRows)
            return _inbox.Committed!.Rows.Select(OutboxMessageContext (m) => m.ReadHeaders()).ToList();

        var messages = await _db.Set<OutboxMessage>().FromSqlInterpolated($"""
                SELECT * FROM outbox_messages
                WHERE "InboxMessageId" = {_inbox.MessageId} AND "InboxConsumerId" = {ConsumerId}
                ORDER BY "SequenceNumber" LIMIT {Options.MessageDeliveryLimit + 1} FOR UPDATE SKIP LOCKED
                """)
            .AsNoTracking()
            .ToListAsync(CancellationToken).ConfigureAwait(false);
        return messages.Select(OutboxMessageContext (m) => m.ReadHeaders()).ToList();
    }

    /// <summary>
    /// Deliver the rows committed by this message's consume pass without loading nor locking them: no delivery
    /// service touches them before they are <see cref="PostgresOutboxOptions.OrphanAge"/> old.
    /// </summary>
    public bool DeliverCommittedRows { get; init; }

    public override Task NotifyOutboxMessageDelivered(OutboxMessageContext message)
    {
        _delivered.Add(message.SequenceNumber);
        return Task.CompletedTask;
    }

    /// <summary>
    /// The rows sent in this pass go: committed rows with those of other messages (<see cref="AfterCommitDeletes"/>), and
    /// from memory (a next pass sends the rest); locked rows in one statement of the caller's transaction.
    /// </summary>
    public async Task DeleteDelivered()
    {
        if (_delivered.Count == 0)
            return;
        if (DeliverCommittedRows)
        {
            await _afterCommitDeletes.DeleteSent(_delivered.Select(n => new SentOutboxRow(_inbox.MessageId, ConsumerId, n))).ConfigureAwait(false);
            var committed = _inbox.Committed!;
            _inbox.Committed = committed with { Rows = committed.Rows.Where(m => !_delivered.Contains(m.SequenceNumber)).ToList() };
            return;
        }

        var sequenceNumbers = _delivered.ToArray();
        await _db.Set<OutboxMessage>()
            .Where(m => m.InboxMessageId == _inbox.MessageId && m.InboxConsumerId == ConsumerId && sequenceNumbers.Contains(m.SequenceNumber))
            .ExecuteDeleteAsync(CancellationToken).ConfigureAwait(false);
    }

    /// <summary>Rows are removed as they are sent: nothing is left once delivery completed.</summary>
    public override Task RemoveOutboxMessages() => Task.CompletedTask;

    public override Task AddSend<T>(SendContext<T> context)
    {
        lock (_inbox)
        {
            if (Array.Exists(_storedSends, sends => sends.TryStore(context)))
                return Task.CompletedTask;
            var row = OutboxMessage.From(context, _inbox.MessageId, ConsumerId, ++_inbox.SentCount);
            _db.Set<OutboxMessage>().Add(row);
            _added.Add(row);
        }
        return Task.CompletedTask;
    }
}
