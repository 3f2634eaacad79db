using System.Text.Json;
using MassTransit;
using MassTransit.Context;
using MassTransit.Scheduling;
using MassTransit.Serialization;
using Microsoft.EntityFrameworkCore;

namespace DeployQueue.Persistence.Scheduling;

/// <summary>
/// Stores a message to send later: one row per scheduling token. A redelivered request for the same token
/// replaces the row; a request whose token was already cancelled is dropped.
/// </summary>
public sealed class ScheduleMessageConsumer(IDbContextFactory<DeployQueueDbContext> dbContextFactory) : IConsumer<ScheduleMessage>
{
    public async Task Consume(ConsumeContext<ScheduleMessage> context)
    {
        var request = context.Message;
        var dueAt = AsUtc(request.ScheduledTime);
        var body = SerializePayload(context);
        var headers = JsonSerializer.Serialize(context.Headers.GetAll().ToDictionary(h => h.Key, h => h.Value),
            SystemTextJsonMessageSerializer.Options);
        var contentType = context.ReceiveContext.ContentType?.ToString() ?? SystemTextJsonMessageSerializer.JsonContentType.ToString();
        var destination = request.Destination.ToString();
        var now = DateTimeOffset.UtcNow;

        await using var db = await dbContextFactory.CreateDbContextAsync(context.CancellationToken).ConfigureAwait(false);
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO scheduled_messages ("TokenId", "DueAt", "Destination", "ContentType", "MessageTypes", "Body", "Headers", "CreatedAt")
            VALUES ({request.CorrelationId}, {dueAt}, {destination}, {contentType}, {request.PayloadType}, {body}, {headers}::jsonb, {now})
            ON CONFLICT ("TokenId") DO UPDATE SET
                "DueAt" = EXCLUDED."DueAt", "Destination" = EXCLUDED."Destination", "ContentType" = EXCLUDED."ContentType",
                "MessageTypes" = EXCLUDED."MessageTypes", "Body" = EXCLUDED."Body", "Headers" = EXCLUDED."Headers"
            WHERE scheduled_messages."CancelledAt" IS NULL
            """, context.CancellationToken).ConfigureAwait(false);
    }

    /// <summary>The payload as a complete envelope, carrying the ids of the conversation it belongs to.</summary>
    static string SerializePayload(ConsumeContext<ScheduleMessage> context)
    {
        var sendContext = new MessageSendContext<ScheduleMessage>(context.Message)
        {
            CorrelationId = context.CorrelationId,
            ConversationId = context.ConversationId,
            InitiatorId = context.InitiatorId ?? context.MessageId,
            SourceAddress = context.SourceAddress,
            ResponseAddress = context.ResponseAddress,
            FaultAddress = context.FaultAddress,
        };
        return context.SerializerContext.GetMessageSerializer(context.Message.Payload, context.Message.PayloadType)
            .GetMessageBody(sendContext).GetString();
    }

    static DateTimeOffset AsUtc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Local => new DateTimeOffset(time).ToUniversalTime(),
        _ => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
    };
}
