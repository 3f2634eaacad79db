using Microsoft.EntityFrameworkCore;

namespace DeployQueue.Infrastructure.Postgres.Outbox;

/// <summary>
/// A part that keeps some of what a consumer or saga sends as rows of its own, written in the consumed message's
/// transaction instead of as outbox rows (the scheduler: a schedule becomes its scheduled message). The outbox offers
/// every message sent to each store registered as this service before it makes an outbox row of it.
/// </summary>
public interface ITransactionalSendStore
{
    /// <summary>What one pass over a consumed message sends, kept in that pass's DbContext.</summary>
    ITransactionalSends Begin(DbContext db);

    /// <summary>The store's rows that commits made obsolete: deleted after the commit with the outbox's sent rows.</summary>
    IAfterCommitDelete AfterCommit { get; }
}
