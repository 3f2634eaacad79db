using System.Net.Mime;
using System.Text.Json;
using MassTransit;
using MassTransit.Serialization;

namespace DeployQueue.Infrastructure.Postgres.Scheduling;

/// <summary>
/// Sends a stored message as it was scheduled: its envelope ids, message types and headers, plus the
/// scheduling token, by which a state machine recognises (and ignores) a stale or cancelled timeout.
/// </summary>
sealed class ScheduledMessageSendPipe(ScheduledMessageRow row, Uri destination) : IPipe<SendContext>
{
    public Task Send(SendContext context)
    {
        var deserializer = context.Serialization.GetMessageDeserializer(new ContentType(row.ContentType));
        var stored = deserializer.Deserialize(deserializer.GetMessageBody(row.Body), EmptyHeaders.Instance, destination);

        context.CorrelationId = stored.CorrelationId;
        context.ConversationId = stored.ConversationId;
        context.InitiatorId = stored.InitiatorId;
        context.SourceAddress = stored.SourceAddress;
        context.ResponseAddress = stored.ResponseAddress;
        context.FaultAddress = stored.FaultAddress;
        if (row.MessageTypes.Length > 0)
            context.SupportedMessageTypes = row.MessageTypes;

        foreach (var (key, value) in JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(row.Headers, SystemTextJsonMessageSerializer.Options)
                     ?? [])
            context.Headers.Set(key, value.ValueKind == JsonValueKind.String ? value.GetString() : value);
        context.Headers.Set(MessageHeaders.SchedulingTokenId, row.TokenId.ToString("D"));

        context.Serializer = stored.GetMessageSerializer();
        return Task.CompletedTask;
    }

    public void Probe(ProbeContext context) => context.CreateScope("scheduledMessage");
}
