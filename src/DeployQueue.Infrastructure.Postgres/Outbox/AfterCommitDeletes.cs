using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;

namespace DeployQueue.Infrastructure.Postgres.Outbox;

/// <summary>
/// Rows that are obsolete once a consumed message's transaction committed, deleted for many consumed messages in one
/// round trip: the outbox rows their committers have sent, and the scheduled messages they cancelled. A committer queues
/// its rows and deletes whatever is queued unless another committer is deleting already, which then deletes its rows too
/// before it returns. A delete lost with its process is harmless: the <see cref="OutboxDeliveryService"/> sends a left
/// outbox row again with the same MessageId once it is OrphanAge old, and a cancelled schedule left behind fires with a
/// scheduling token the saga no longer holds, so the saga ignores it. For the same reason a cancelled schedule that the
/// scheduler is sending at that moment (its row locked) is skipped rather than waited for: the statement commits both
/// deletes together, and the sent outbox rows must not wait on the scheduler.
/// </summary>
public sealed class AfterCommitDeletes(IMessagingDbContextFactory dbContextFactory)
{
    readonly ConcurrentQueue<SentRow> _sentRows = new();
    readonly ConcurrentQueue<Guid> _cancelledSchedules = new();
    int _deleting;

    /// <summary>
    /// Not cancellable: the rows were sent, and the committers whose rows this delete takes along may have acknowledged
    /// their messages already.
    /// </summary>
    public Task DeleteSent(Guid inboxMessageId, Guid inboxConsumerId, IEnumerable<long> sequenceNumbers)
    {
        foreach (var sequenceNumber in sequenceNumbers)
            _sentRows.Enqueue(new SentRow(inboxMessageId, inboxConsumerId, sequenceNumber));
        return DeleteQueued();
    }

    /// <summary>Queues the scheduled messages a commit cancelled; they go with the next delete.</summary>
    public void QueueCancelledSchedules(IEnumerable<Guid> tokenIds)
    {
        foreach (var tokenId in tokenIds)
            _cancelledSchedules.Enqueue(tokenId);
    }

    public async Task DeleteQueued()
    {
        // Checked again after each delete: rows queued while it ran are deleted by this committer or the next.
        while (!(_sentRows.IsEmpty && _cancelledSchedules.IsEmpty) && Interlocked.CompareExchange(ref _deleting, 1, 0) == 0)
        {
            try
            {
                await DeleteBatch(Drain(_sentRows), Drain(_cancelledSchedules)).ConfigureAwait(false);
            }
            finally
            {
                Volatile.Write(ref _deleting, 0);
            }
        }
    }

    async Task DeleteBatch(List<SentRow> sentRows, List<Guid> cancelledSchedules)
    {
        try
        {
            await using var db = await dbContextFactory.CreateDbContextAsync().ConfigureAwait(false);
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                DELETE FROM outbox_messages o
                USING unnest({sentRows.Select(r => r.InboxMessageId).ToArray()}, {sentRows.Select(r => r.InboxConsumerId).ToArray()},
                             {sentRows.Select(r => r.SequenceNumber).ToArray()}) AS sent("InboxMessageId", "InboxConsumerId", "SequenceNumber")
                WHERE o."InboxMessageId" = sent."InboxMessageId" AND o."InboxConsumerId" = sent."InboxConsumerId"
                  AND o."SequenceNumber" = sent."SequenceNumber";
                DELETE FROM scheduled_messages WHERE "TokenId" IN (
                    SELECT "TokenId" FROM scheduled_messages WHERE "TokenId" = ANY({cancelledSchedules.ToArray()}) FOR UPDATE SKIP LOCKED)
                """).ConfigureAwait(false);
        }
        catch
        {
            // Left for the next committer's delete (or, should there be none, see the class comment).
            sentRows.ForEach(_sentRows.Enqueue);
            cancelledSchedules.ForEach(_cancelledSchedules.Enqueue);
            throw;
        }
    }

    static List<T> Drain<T>(ConcurrentQueue<T> queue)
    {
        var items = new List<T>();
        while (queue.TryDequeue(out var item))
            items.Add(item);
        return items;
    }

    readonly record struct SentRow(Guid InboxMessageId, Guid InboxConsumerId, long SequenceNumber);
}
