using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DeployQueue.Infrastructure.Postgres.Outbox;

/// <summary>
/// Rows that are obsolete once a consumed message's transaction committed, deleted for many consumed messages in one
/// round trip: the outbox rows their committers have sent (<see cref="SentOutboxRows"/>), and those of the
/// <see cref="ITransactionalSendStore"/>s (the scheduled messages they cancelled). A committer queues its rows and
/// deletes whatever is queued unless another committer is deleting already, which then deletes its rows too before it
/// returns. A delete lost with its process is harmless: the <see cref="OutboxDeliveryService"/> sends a left outbox row
/// again with the same MessageId once it is OrphanAge old, and each store's rows are such that one left behind is
/// harmless too. The statements run as one batch, committed together; the sent outbox rows must not wait on a store's.
/// </summary>
public sealed class AfterCommitDeletes(
    IMessagingDbContextFactory dbContextFactory,
    SentOutboxRows sentOutboxRows,
    IEnumerable<ITransactionalSendStore> stores)
{
    readonly IAfterCommitDelete[] _tables = [sentOutboxRows, .. stores.Select(s => s.AfterCommit)];
    int _deleting;

    /// <summary>
    /// Not cancellable: the rows were sent, and the committers whose rows this delete takes along may have acknowledged
    /// their messages already.
    /// </summary>
    public Task DeleteSent(IEnumerable<SentOutboxRow> rows)
    {
        sentOutboxRows.Queue(rows);
        return DeleteQueued();
    }

    public async Task DeleteQueued()
    {
        // Checked again after each delete: rows queued while it ran are deleted by this committer or the next.
        while (Array.Exists(_tables, t => !t.IsEmpty) && Interlocked.CompareExchange(ref _deleting, 1, 0) == 0)
        {
            try
            {
                await DeleteBatch(_tables.Select(t => t.Take()).OfType<QueuedDelete>().ToList()).ConfigureAwait(false);
            }
            finally
            {
                Volatile.Write(ref _deleting, 0);
            }
        }
    }

    async Task DeleteBatch(List<QueuedDelete> deletes)
    {
        try
        {
            await using var db = await dbContextFactory.CreateDbContextAsync().ConfigureAwait(false);
            await db.Database.OpenConnectionAsync().ConfigureAwait(false);
            await using var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection());
            deletes.ForEach(d => batch.BatchCommands.Add(d.Statement));
            await batch.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        catch
        {
            // Left for the next committer's delete (or, should there be none, see the class comment).
            deletes.ForEach(d => d.Requeue());
            throw;
        }
    }
}
