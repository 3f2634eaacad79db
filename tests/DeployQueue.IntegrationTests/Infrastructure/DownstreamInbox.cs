using System.Text.Json;
using DeployQueue.Contracts;
using DeployQueue.Service.Messaging;
using static DeployQueue.Testing.RabbitMqManagement;

namespace DeployQueue.IntegrationTests.Infrastructure;

/// <summary>
/// What the service delivered to the durable queues other pipeline services read (`announce`, `execution`,
/// `e2e-test`, `workspace`) and to the intake's error queue `deploy_error`, as a downstream reader gets it: each
/// collection takes the messages off those queues through the management API and keeps them here, so that a
/// fixture leaves nothing behind and sees every message once. Tests pick theirs out by repository and PR.
/// </summary>
public sealed class DownstreamInbox(RabbitMqManagement broker)
{
    public const string DeployErrorQueue = "deploy_error";

    static readonly string[] Queues = [.. DownstreamQueues.ByMessageType.Values.Distinct(), DeployErrorQueue];

    // The contracts' enums carry their own string converters; MassTransit writes camelCase.
    static readonly JsonSerializerOptions EnvelopeJson = new(JsonSerializerDefaults.Web);

    readonly Dictionary<string, List<DeliveredMessage>> _received = Queues.ToDictionary(q => q, _ => new List<DeliveredMessage>());

    /// <summary>Takes everything waiting in the queues.</summary>
    public async Task Collect()
    {
        foreach (var queue in Queues)
        {
            IReadOnlyList<DeliveredMessage> batch;
            do
            {
                batch = await broker.Take(queue);
                _received[queue].AddRange(batch);
            } while (batch.Count > 0);
        }
    }

    /// <summary>The messages of contract type <typeparamref name="T"/> received on the queue so far (MassTransit envelopes).</summary>
    public IReadOnlyList<T> Received<T>(string queue) where T : class =>
        ReceivedWithIds<T>(queue).Select(m => m.Message).ToList();

    /// <summary>Like <see cref="Received{T}"/>, with each message's envelope MessageId (a resend keeps it, a new message has its own).</summary>
    public IReadOnlyList<(Guid MessageId, T Message)> ReceivedWithIds<T>(string queue) where T : class =>
        _received[queue]
            .Select(m => JsonDocument.Parse(m.Payload).RootElement)
            .Where(envelope => envelope.TryGetProperty("messageType", out var types)
                               && types.EnumerateArray().Any(t => t.GetString() == $"urn:message:{typeof(T).Namespace}:{typeof(T).Name}"))
            .Select(envelope => (envelope.GetProperty("messageId").GetGuid(), envelope.GetProperty("message").Deserialize<T>(EnvelopeJson)!))
            .ToList();

    /// <summary>The raw messages that ended in `deploy_error`, body and headers as the management UI shows them.</summary>
    public IReadOnlyList<DeliveredMessage> Rejected => _received[DeployErrorQueue];

    /// <summary>What says a request for the PR was refused: Rejected announcements naming it, and its messages in `deploy_error`.</summary>
    public IReadOnlyList<string> RejectionsOf(string repository, int prNumber) =>
    [
        .. Received<Announcement>(DownstreamQueues.Announce)
            .Where(a => a.Kind == AnnouncementKind.Rejected && a.Repository == repository && a.PrNumber == prNumber).Select(a => a.Message),
        .. Rejected.Where(m => m.Payload.Contains($"{repository}/pull/{prNumber}", StringComparison.Ordinal))
            .Select(m => m.Header("MT-Fault-Message") ?? m.Payload),
    ];

    /// <summary>
    /// Collects until the messages of type <typeparamref name="T"/> that match <paramref name="about"/> satisfy
    /// <paramref name="done"/>, or the bound passes.
    /// </summary>
    public Task<IReadOnlyList<T>> WaitFor<T>(string queue, Func<T, bool> about, Func<IReadOnlyList<T>, bool> done, TimeSpan? timeout = null)
        where T : class =>
        Eventually.Poll<IReadOnlyList<T>>(async () =>
        {
            await Collect();
            return Received<T>(queue).Where(about).ToList();
        }, done, timeout);

    /// <summary>Collects until a message in `deploy_error` matches, or the bound passes; returns the matches.</summary>
    public Task<IReadOnlyList<DeliveredMessage>> WaitForRejected(Func<DeliveredMessage, bool> about, TimeSpan? timeout = null) =>
        Eventually.Poll<IReadOnlyList<DeliveredMessage>>(async () =>
        {
            await Collect();
            return Rejected.Where(about).ToList();
        }, found => found.Count > 0, timeout);
}
