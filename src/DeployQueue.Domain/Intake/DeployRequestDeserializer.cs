using System.Net.Mime;
using DeployQueue.Contracts;
using MassTransit;
using MassTransit.Serialization;

namespace DeployQueue.Domain.Intake;

/// <summary>
/// Reads every body that arrives on queue `deploy` with <see cref="DeployRequestReader"/>, before MassTransit's own
/// typed deserialization could throw at a field: plain JSON (the default, so bodies without a content type too)
/// and MassTransit envelopes. What it hands on is the <see cref="DeployRequested"/> it read, never re-parsed; what
/// it cannot read, or of any other content type, it refuses with a <see cref="DeployRequestRejectedException"/>.
/// </summary>
public sealed class DeployRequestDeserializer(ContentType contentType) : IMessageDeserializer
{
    public static readonly ContentType PlainJson = SystemTextJsonRawMessageSerializer.JsonContentType;
    public static readonly ContentType Envelope = SystemTextJsonMessageSerializer.JsonContentType;

    static readonly string[] DeployRequestedTypes = [MessageUrn.ForTypeString<DeployRequested>()];
    static readonly SystemTextJsonRawMessageSerializer PlainJsonReader = new();

    bool ReadsEnvelopes => contentType.MediaType == Envelope.MediaType;

    public ContentType ContentType => contentType;

    public void Probe(ProbeContext context) =>
        context.CreateScope("deployRequest").Add("contentType", contentType.MediaType);

    public ConsumeContext Deserialize(ReceiveContext receiveContext)
    {
        // The endpoint's default deserializer also receives the bodies of every content type it has none for.
        var mediaType = receiveContext.ContentType?.MediaType;
        if (!string.IsNullOrEmpty(mediaType) && !string.Equals(mediaType, contentType.MediaType, StringComparison.OrdinalIgnoreCase))
            throw new DeployRequestRejectedException(
                $"content type '{mediaType}' is not accepted: send JSON as {PlainJson.MediaType} (or without a content type), or a MassTransit envelope",
                new DeployRequested());

        var body = receiveContext.Body.GetBytes();
        var reading = ReadsEnvelopes ? DeployRequestReader.ReadEnvelope(body) : DeployRequestReader.Read(body);
        if (!reading.IsReadable)
            throw new DeployRequestRejectedException(reading.Reason, reading.Request);

        var messageContext = MessageContext(receiveContext.Body, receiveContext.TransportHeaders, receiveContext.InputAddress, reading.Request);
        return new BodyConsumeContext(receiveContext, new SystemTextJsonSerializerContext(SystemTextJsonMessageSerializer.Instance,
            SystemTextJsonMessageSerializer.Options, contentType, messageContext, DeployRequestedTypes, message: reading.Request));
    }

    /// <summary>
    /// Not the intake's reading: MassTransit asks this of the endpoint's deserializers to send again what the endpoint's
    /// consumer sent (the outbox delivers its rows so), which are other messages than requests. MassTransit's own reader.
    /// </summary>
    public SerializerContext Deserialize(MessageBody body, Headers headers, Uri? destinationAddress = null) =>
        (ReadsEnvelopes ? SystemTextJsonMessageSerializer.Instance : (IMessageDeserializer)PlainJsonReader).Deserialize(body, headers, destinationAddress);

    public MessageBody GetMessageBody(string text) => new StringMessageBody(text);

    /// <summary>The message's ids and headers: an envelope's own (MassTransit reads them), or the transport's for plain JSON.</summary>
    MessageContext MessageContext(MessageBody body, Headers headers, Uri? destinationAddress, DeployRequested request)
    {
        if (!ReadsEnvelopes)
            return new RawMessageContext(headers, destinationAddress, RawSerializerOptions.Default);
        try
        {
            return SystemTextJsonMessageSerializer.Instance.Deserialize(body, headers, destinationAddress);
        }
        catch (System.Runtime.Serialization.SerializationException exception)
        {
            throw new DeployRequestRejectedException($"the envelope cannot be read: {exception.GetBaseException().Message}", request);
        }
    }

    /// <summary>Adds the reader to queue `deploy` for one content type; the endpoint only reads with it, never writes.</summary>
    public sealed class Factory(ContentType contentType) : ISerializerFactory
    {
        public ContentType ContentType => contentType;

        public IMessageSerializer CreateSerializer() =>
            throw new NotSupportedException("queue deploy's deserializer writes nothing; its endpoint sends with the bus's serializer");

        public IMessageDeserializer CreateDeserializer() => new DeployRequestDeserializer(contentType);
    }
}
