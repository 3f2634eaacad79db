using DeployQueue.Infrastructure.Postgres.Clock;
using MassTransit;
using MassTransit.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DeployQueue.Infrastructure.Postgres.Scheduling;

/// <summary>
/// Cancels a scheduled message so that it is never sent. The row stays as a tombstone for a while: the
/// scheduler queue has competing consumers, so the cancel may be handled before the schedule it cancels.
/// </summary>
public sealed class CancelScheduledMessageConsumer(
    IMessagingDbContextFactory dbContextFactory,
    IOptions<PostgresSchedulerOptions> options,
    DatabaseClock clock) : IConsumer<CancelScheduledMessage>
{
    public async Task Consume(ConsumeContext<CancelScheduledMessage> context)
    {
        var now = clock.GetUtcNow();
        var forgetAt = now + options.Value.CancellationRetention;
        string[] noTypes = [];
        const string noHeaders = "{}";

        await using var db = await dbContextFactory.CreateDbContextAsync(context.CancellationToken).ConfigureAwait(false);
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO scheduled_messages ("TokenId", "DueAt", "Destination", "ContentType", "MessageTypes", "Body", "Headers", "CreatedAt", "CancelledAt")
            VALUES ({context.Message.TokenId}, {forgetAt}, '', '', {noTypes}, '', {noHeaders}::jsonb, {now}, {now})
            ON CONFLICT ("TokenId") DO UPDATE SET "CancelledAt" = EXCLUDED."CancelledAt", "DueAt" = EXCLUDED."DueAt", "Body" = ''
            """, context.CancellationToken).ConfigureAwait(false);
    }
}
