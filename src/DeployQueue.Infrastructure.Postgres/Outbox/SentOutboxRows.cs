using Npgsql;

namespace DeployQueue.Infrastructure.Postgres.Outbox;

/// <summary>The outbox rows their committers have sent.</summary>
public sealed class SentOutboxRows : AfterCommitDelete<SentOutboxRow>
{
    protected override NpgsqlBatchCommand Statement(IReadOnlyList<SentOutboxRow> rows) => new("""
        DELETE FROM outbox_messages o
        USING unnest($1, $2, $3) AS sent("InboxMessageId", "InboxConsumerId", "SequenceNumber")
        WHERE o."InboxMessageId" = sent."InboxMessageId" AND o."InboxConsumerId" = sent."InboxConsumerId"
          AND o."SequenceNumber" = sent."SequenceNumber"
        """)
    {
        Parameters =
        {
            new NpgsqlParameter { Value = rows.Select(r => r.InboxMessageId).ToArray() },
            new NpgsqlParameter { Value = rows.Select(r => r.InboxConsumerId).ToArray() },
            new NpgsqlParameter { Value = rows.Select(r => r.SequenceNumber).ToArray() },
        },
    };
}
