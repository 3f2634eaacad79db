namespace DeployQueue.Infrastructure.Postgres.Outbox;

/// <summary>Rows of one table that committed transactions made obsolete, for <see cref="AfterCommitDeletes"/>.</summary>
public interface IAfterCommitDelete
{
    bool IsEmpty { get; }

    /// <summary>Everything queued, as one statement; null when nothing is.</summary>
    QueuedDelete? Take();
}
