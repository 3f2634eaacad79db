using System.Collections.Concurrent;
using Npgsql;

namespace DeployQueue.Infrastructure.Postgres.Outbox;

/// <summary>Rows identified by <typeparamref name="TKey"/>, queued by their committers and deleted in one statement.</summary>
public abstract class AfterCommitDelete<TKey> : IAfterCommitDelete
{
    readonly ConcurrentQueue<TKey> _queued = new();

    public void Queue(IEnumerable<TKey> keys)
    {
        foreach (var key in keys)
            _queued.Enqueue(key);
    }

    public bool IsEmpty => _queued.IsEmpty;

    public QueuedDelete? Take()
    {
        var keys = new List<TKey>();
        while (_queued.TryDequeue(out var key))
            keys.Add(key);
        return keys.Count == 0 ? null : new QueuedDelete(Statement(keys), () => keys.ForEach(_queued.Enqueue));
    }

    /// <summary>The statement deleting the rows of <paramref name="keys"/>, with positional parameters (<c>$1</c>...).</summary>
    protected abstract NpgsqlBatchCommand Statement(IReadOnlyList<TKey> keys);
}
