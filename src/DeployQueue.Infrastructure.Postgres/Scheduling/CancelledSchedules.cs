using DeployQueue.Infrastructure.Postgres.Outbox;
using Npgsql;

namespace DeployQueue.Infrastructure.Postgres.Scheduling;

/// <summary>Cancelled schedules, deleted after their transaction committed, unless the poller holds them.</summary>
sealed class CancelledSchedules : AfterCommitDelete<Guid>
{
    protected override NpgsqlBatchCommand Statement(IReadOnlyList<Guid> tokenIds) => new("""
        DELETE FROM scheduled_messages WHERE "TokenId" IN (
            SELECT "TokenId" FROM scheduled_messages WHERE "TokenId" = ANY($1) FOR UPDATE SKIP LOCKED)
        """)
    {
        Parameters = { new NpgsqlParameter { Value = tokenIds.ToArray() } },
    };
}
