using Microsoft.EntityFrameworkCore;

namespace DeployQueue.Infrastructure.Postgres.Outbox;

/// <summary>
/// The DbContext of one consumed message under the transactional outbox, a payload of its consume context.
/// The saga repository writes into it instead of saving on its own, so that the saga's state, its history, the
/// messages it sends and the inbox mark are saved by one SaveChanges: one transaction, all or nothing.
/// </summary>
public sealed class OutboxUnitOfWork(DbContext db)
{
    public DbContext Db { get; } = db;
}
