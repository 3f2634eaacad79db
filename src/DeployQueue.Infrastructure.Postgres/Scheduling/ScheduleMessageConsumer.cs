using DeployQueue.Infrastructure.Postgres.Clock;
using MassTransit;
using MassTransit.Context;
using MassTransit.Scheduling;
using MassTransit.Serialization;
using Microsoft.EntityFrameworkCore;

namespace DeployQueue.Infrastructure.Postgres.Scheduling;

/// <summary>
/// Stores a message to send later, for senders outside a consumer under the PostgreSQL outbox (which store theirs in
/// their own transaction, see <see cref="SchedulesInTransaction"/>): one row per scheduling token. A redelivered
/// request for the same token replaces the row; a request whose token was already cancelled is dropped.
/// </summary>
public sealed class ScheduleMessageConsumer(IMessagingDbContextFactory dbContextFactory, DatabaseClock clock) : IConsumer<ScheduleMessage>
{
    public async Task Consume(ConsumeContext<ScheduleMessage> context)
    {
        var row = ScheduledMessageRow.For(context.Message, SerializePayload(context), context.Headers,
            context.ReceiveContext.ContentType?.ToString() ?? SystemTextJsonMessageSerializer.JsonContentType.ToString(), clock);

        await using var db = await dbContextFactory.CreateDbContextAsync(context.CancellationToken).ConfigureAwait(false);
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO scheduled_messages ("TokenId", "DueAt", "Destination", "ContentType", "MessageTypes", "Body", "Headers", "CreatedAt")
            VALUES ({row.TokenId}, {row.DueAt}, {row.Destination}, {row.ContentType}, {row.MessageTypes}, {row.Body}, {row.Headers}::jsonb, {row.CreatedAt})
            ON CONFLICT ("TokenId") DO UPDATE SET
                "DueAt" = EXCLUDED."DueAt", "Destination" = EXCLUDED."Destination", "ContentType" = EXCLUDED."ContentType",
                "MessageTypes" = EXCLUDED."MessageTypes", "Body" = EXCLUDED."Body", "Headers" = EXCLUDED."Headers"
            WHERE scheduled_messages."CancelledAt" IS NULL
            """, context.CancellationToken).ConfigureAwait(false);
    }

    /// <summary>The payload as a complete envelope, carrying the ids of the conversation it belongs to.</summary>
    static string SerializePayload(ConsumeContext<ScheduleMessage> context)
    {
        var sendContext = SchedulingConversation.Of(context).Join(new MessageSendContext<ScheduleMessage>(context.Message));
        return context.SerializerContext.GetMessageSerializer(context.Message.Payload, context.Message.PayloadType)
            .GetMessageBody(sendContext).GetString();
    }
}
