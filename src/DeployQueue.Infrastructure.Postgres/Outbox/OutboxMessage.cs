using MassTransit;
using MassTransit.Context;
using MassTransit.Metadata;
using MassTransit.Middleware;
using MassTransit.Serialization;

namespace DeployQueue.Infrastructure.Postgres.Outbox;

/// <summary>
/// A message a consumer sent or published, stored with the consumer's other effects and sent once they are
/// committed. It keeps the MessageId it was given when sent, so a resend after a crash is recognisable downstream.
/// </summary>
public class OutboxMessage : OutboxMessageContext
{
    Headers? _sentHeaders;
    IReadOnlyDictionary<string, object>? _sentProperties;

    /// <summary>Order of sending within the message that produced it.</summary>
    public long SequenceNumber { get; set; }

    /// <summary>The consumed message that produced this one (<see cref="InboxState.MessageId"/>).</summary>
    public Guid InboxMessageId { get; set; }

    public Guid InboxConsumerId { get; set; }

    public Guid MessageId { get; set; }
    public string ContentType { get; set; } = "";
    public string MessageType { get; set; } = "";
    public string Body { get; set; } = "";

    /// <summary>The send headers, as a JSON object.</summary>
    public string? Headers { get; set; }

    /// <summary>The transport's properties (routing key, priority...), as a JSON object.</summary>
    public string? Properties { get; set; }

    public Guid? ConversationId { get; set; }
    public Guid? CorrelationId { get; set; }
    public Guid? InitiatorId { get; set; }
    public Guid? RequestId { get; set; }
    public Uri? SourceAddress { get; set; }
    public Uri? DestinationAddress { get; set; }
    public Uri? ResponseAddress { get; set; }
    public Uri? FaultAddress { get; set; }
    public DateTime SentTime { get; set; }
    public DateTime? ExpirationTime { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    Guid? MessageContext.MessageId => MessageId;
    DateTime? MessageContext.SentTime => SentTime;
    Headers MessageContext.Headers => _sentHeaders ?? EmptyHeaders.Instance;
    HostInfo MessageContext.Host => HostMetadataCache.Host;
    IReadOnlyDictionary<string, object> OutboxMessageContext.Properties => _sentProperties ?? NoProperties;

    static readonly IReadOnlyDictionary<string, object> NoProperties = new Dictionary<string, object>();

    /// <summary>Headers and properties are kept as JSON text: read them back before sending.</summary>
    public OutboxMessage ReadHeaders()
    {
        var serializer = SystemTextJsonMessageSerializer.Instance;
        _sentHeaders = serializer.DeserializeDictionary<object?>(Headers) is { } headers ? new DictionarySendHeaders(headers) : EmptyHeaders.Instance;
        _sentProperties = serializer.DeserializeDictionary<object>(Properties);
        return this;
    }

    /// <summary>Captures a message being sent through the outbox: envelope ids, body, headers, transport properties.</summary>
    public static OutboxMessage From<T>(SendContext<T> context, Guid inboxMessageId, Guid inboxConsumerId, long sequenceNumber)
        where T : class
    {
        var serializer = SystemTextJsonMessageSerializer.Instance;
        var now = DateTime.UtcNow;
        var message = new OutboxMessage
        {
            SequenceNumber = sequenceNumber,
            InboxMessageId = inboxMessageId,
            InboxConsumerId = inboxConsumerId,
            MessageId = context.MessageId ?? throw new MessageException(typeof(T), "A message sent through the outbox needs a MessageId"),
            ContentType = (context.ContentType ?? context.Serialization.DefaultContentType).ToString(),
            MessageType = string.Join(";", context.SupportedMessageTypes),
            Body = context.Serializer.GetMessageBody(context).GetString(),
            Headers = serializer.SerializeDictionary(context.Headers.GetAll()),
            ConversationId = context.ConversationId,
            CorrelationId = context.CorrelationId,
            InitiatorId = context.InitiatorId,
            RequestId = context.RequestId,
            SourceAddress = context.SourceAddress,
            DestinationAddress = context.DestinationAddress,
            ResponseAddress = context.ResponseAddress,
            FaultAddress = context.FaultAddress,
            SentTime = context.SentTime ?? now,
            ExpirationTime = now + context.TimeToLive,
        };

        if (context is TransportSendContext<T> transport)
        {
            var properties = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
            transport.WritePropertiesTo(properties);
            message.Properties = serializer.SerializeDictionary(properties);
        }
        return message;
    }
}
