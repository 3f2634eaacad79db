using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;

namespace DeployQueue.Persistence.Outbox;

/// <summary>
/// Deletes the outbox rows their committers have sent, the rows of many consumed messages in one statement: a
/// committer queues its rows and deletes whatever is queued unless another committer is deleting already, which
/// then deletes its rows too before it returns. A row whose delete is lost with its process stays, and the
/// <see cref="OutboxDeliveryService"/> sends it again, with the same MessageId, once it is OrphanAge old.
/// </summary>
public sealed class SentOutboxRows(IDbContextFactory<DeployQueueDbContext> dbContextFactory)
{
    readonly ConcurrentQueue<(Guid InboxMessageId, Guid InboxConsumerId, long SequenceNumber)> _queued = new();
    int _deleting;

    /// <summary>
    /// Not cancellable: the rows were sent, and the committers whose rows this delete takes along may have acknowledged
    /// their messages already.
    /// </summary>
    public async Task Delete(Guid inboxMessageId, Guid inboxConsumerId, IEnumerable<long> sequenceNumbers)
    {
        foreach (var sequenceNumber in sequenceNumbers)
            _queued.Enqueue((inboxMessageId, inboxConsumerId, sequenceNumber));

        // Checked again after each delete: rows queued while it ran are deleted by this committer or the next.
        while (!_queued.IsEmpty && Interlocked.CompareExchange(ref _deleting, 1, 0) == 0)
        {
            try
            {
                await DeleteQueued().ConfigureAwait(false);
            }
            finally
            {
                Volatile.Write(ref _deleting, 0);
            }
        }
    }

    async Task DeleteQueued()
    {
        var rows = new List<(Guid InboxMessageId, Guid InboxConsumerId, long SequenceNumber)>();
        while (_queued.TryDequeue(out var row))
            rows.Add(row);
        if (rows.Count == 0)
            return;
        try
        {
            await Delete(rows).ConfigureAwait(false);
        }
        catch
        {
            // Left for the next committer's delete (or, should there be none, the delivery service's resend).
            rows.ForEach(_queued.Enqueue);
            throw;
        }
    }

    async Task Delete(List<(Guid InboxMessageId, Guid InboxConsumerId, long SequenceNumber)> rows)
    {
        var messageIds = rows.Select(r => r.InboxMessageId).ToArray();
        var consumerIds = rows.Select(r => r.InboxConsumerId).ToArray();
        var sequenceNumbers = rows.Select(r => r.SequenceNumber).ToArray();
        await using var db = await dbContextFactory.CreateDbContextAsync().ConfigureAwait(false);
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            DELETE FROM outbox_messages o
            USING unnest({messageIds}, {consumerIds}, {sequenceNumbers}) AS sent("InboxMessageId", "InboxConsumerId", "SequenceNumber")
            WHERE o."InboxMessageId" = sent."InboxMessageId" AND o."InboxConsumerId" = sent."InboxConsumerId"
              AND o."SequenceNumber" = sent."SequenceNumber"
            """).ConfigureAwait(false);
    }
}
