using DeployQueue.Infrastructure.Postgres.Polling;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace DeployQueue.Infrastructure.Postgres.Scheduling;

/// <summary>
/// Scheduled messages due now, earliest first. A cancelled one (a tombstone past its retention) is deleted unsent; one
/// that could not be sent is tried again <paramref name="sendRetryDelay"/> later.
/// </summary>
sealed class DueScheduledMessages(TimeSpan sendRetryDelay) : IDueRows<ScheduledMessageRow>
{
    public IQueryable<ScheduledMessageRow> Claim(DbContext db, DateTimeOffset now, int limit) =>
        db.Set<ScheduledMessageRow>().FromSqlInterpolated($"""
            SELECT * FROM scheduled_messages WHERE "DueAt" <= {now}
            ORDER BY "DueAt" LIMIT {limit} FOR UPDATE SKIP LOCKED
            """);

    public Uri? DestinationOf(ScheduledMessageRow row) => row.CancelledAt == null ? new Uri(row.Destination) : null;

    public IPipe<SendContext> SendPipe(ScheduledMessageRow row, Uri destination) => new ScheduledMessageSendPipe(row, destination);

    public bool PutOff(ScheduledMessageRow row, DateTimeOffset now)
    {
        row.DueAt = now + sendRetryDelay;
        return true;
    }

    public string Describe(ScheduledMessageRow row) => $"Scheduled message {row.TokenId} to {row.Destination}";

    /// <summary>Sending due messages is routine: nothing to tell.</summary>
    public void Delivered(int count)
    {
    }
}
