using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeployQueue.Testing;

/// <summary>
/// The broker as a person sees it in the management UI: the HTTP API (the local node's on :15672 unless another node is
/// given); queues and exchanges of one virtual host (the default "/" unless named), and virtual hosts of one's own.
/// </summary>
public sealed class RabbitMqManagement : IDisposable
{
    readonly string _virtualHost;
    readonly HttpClient _http;

    public RabbitMqManagement(string virtualHost = "/", BrokerNode? node = null)
    {
        _virtualHost = Uri.EscapeDataString(virtualHost);
        _http = new HttpClient { BaseAddress = (node ?? BrokerNode.Local).Management };
        var credentials = Convert.ToBase64String(Encoding.ASCII.GetBytes($"{LocalServices.BrokerUser}:{LocalServices.BrokerPassword}"));
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", credentials);
    }

    /// <param name="Type">classic or quorum.</param>
    /// <param name="Members">A quorum queue's replicas, by node name; <paramref name="Online"/>, those up now.</param>
    public sealed record QueueInfo(
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("durable")] bool Durable,
        [property: JsonPropertyName("messages")] int? Messages,
        [property: JsonPropertyName("type")] string? Type = null,
        [property: JsonPropertyName("members")] IReadOnlyList<string>? Members = null,
        [property: JsonPropertyName("online")] IReadOnlyList<string>? Online = null);

    /// <summary>An AMQP connection, and the cluster node it is open on.</summary>
    public sealed record ConnectionInfo([property: JsonPropertyName("name")] string Name, [property: JsonPropertyName("node")] string Node);

    public sealed record BindingInfo(
        [property: JsonPropertyName("source")] string Source,
        [property: JsonPropertyName("destination")] string Destination,
        [property: JsonPropertyName("destination_type")] string DestinationType);

    public sealed record MessageInfo([property: JsonPropertyName("payload")] string Payload);

    /// <summary>A message as the UI's "Get messages" shows it: its body and its properties, headers included.</summary>
    public sealed record DeliveredMessage(
        [property: JsonPropertyName("payload")] string Payload,
        [property: JsonPropertyName("properties")] MessageProperties Properties)
    {
        /// <summary>A header's value as text (MassTransit's fault headers are strings), or null.</summary>
        public string? Header(string name) =>
            Properties.Headers?.TryGetValue(name, out var value) == true
                ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
                : null;
    }

    public sealed record MessageProperties(
        [property: JsonPropertyName("content_type")] string? ContentType,
        [property: JsonPropertyName("message_id")] string? MessageId,
        [property: JsonPropertyName("headers")] Dictionary<string, JsonElement>? Headers);

    sealed record PublishResult([property: JsonPropertyName("routed")] bool Routed);

    /// <summary>The queue, or null when the broker has no queue of that name.</summary>
    public async Task<QueueInfo?> GetQueue(string name)
    {
        using var response = await _http.GetAsync($"queues/{_virtualHost}/{Uri.EscapeDataString(name)}");
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<QueueInfo>();
    }

    /// <summary>Every queue of the virtual host.</summary>
    public async Task<IReadOnlyList<QueueInfo>> GetQueues() =>
        await _http.GetFromJsonAsync<List<QueueInfo>>($"queues/{_virtualHost}") ?? [];

    /// <summary>The AMQP connections open on the virtual host, on any node of the cluster.</summary>
    public async Task<IReadOnlyList<ConnectionInfo>> GetConnections() =>
        await _http.GetFromJsonAsync<List<ConnectionInfo>>($"vhosts/{_virtualHost}/connections") ?? [];

    /// <summary>Names of the exchanges bound to the queue (the default exchange left out).</summary>
    public async Task<IReadOnlyList<string>> GetSourceExchanges(string queue)
    {
        var bindings = await _http.GetFromJsonAsync<List<BindingInfo>>($"queues/{_virtualHost}/{Uri.EscapeDataString(queue)}/bindings") ?? [];
        return bindings.Where(b => b.Source.Length > 0).Select(b => b.Source).ToList();
    }

    /// <summary>
    /// Every exchange whose messages reach the queue, directly or through exchange-to-exchange bindings
    /// (MassTransit binds a message type's exchange to the consumer queue's own exchange).
    /// </summary>
    public async Task<IReadOnlyList<string>> GetPublishingExchanges(string queue)
    {
        var found = new List<string>();
        var pending = new Queue<string>(await GetSourceExchanges(queue));
        while (pending.TryDequeue(out var exchange))
        {
            if (found.Contains(exchange)) continue;
            found.Add(exchange);
            var upstream = await _http.GetFromJsonAsync<List<BindingInfo>>(
                $"exchanges/{_virtualHost}/{Uri.EscapeDataString(exchange)}/bindings/destination") ?? [];
            foreach (var binding in upstream.Where(b => b.Source.Length > 0))
                pending.Enqueue(binding.Source);
        }
        return found;
    }

    /// <summary>Looks at up to <paramref name="count"/> messages at the head of the queue and puts them back.</summary>
    public async Task<IReadOnlyList<string>> PeekPayloads(string queue, int count = 100)
    {
        using var response = await _http.PostAsJsonAsync($"queues/{_virtualHost}/{Uri.EscapeDataString(queue)}/get",
            new { count, ackmode = "ack_requeue_true", encoding = "auto" });
        response.EnsureSuccessStatusCode();
        var messages = await response.Content.ReadFromJsonAsync<List<MessageInfo>>() ?? [];
        return messages.Select(m => m.Payload).ToList();
    }

    /// <summary>Takes up to <paramref name="count"/> messages off the head of the queue: they are gone from the broker afterwards.</summary>
    public async Task<IReadOnlyList<DeliveredMessage>> Take(string queue, int count = 500)
    {
        using var response = await _http.PostAsJsonAsync($"queues/{_virtualHost}/{Uri.EscapeDataString(queue)}/get",
            new { count, ackmode = "ack_requeue_false", encoding = "auto" });
        if (response.StatusCode == HttpStatusCode.NotFound)
            return [];
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<List<DeliveredMessage>>() ?? [];
    }

    /// <summary>
    /// Publishes a persistent message to the queue through the default exchange, as a person does with the UI's
    /// "Publish message"; returns whether the broker routed it to a queue.
    /// </summary>
    public Task<bool> PublishToQueue(string queue, string payload, string contentType = "application/json") =>
        PublishToQueue(queue, Encoding.UTF8.GetBytes(payload), contentType);

    /// <summary>
    /// Publishes these exact bytes (any encoding, valid or not), with a content type and an AMQP message_id where
    /// given (null: the property is absent, as from a client that sets none); returns whether the broker routed it.
    /// </summary>
    public async Task<bool> PublishToQueue(string queue, byte[] body, string? contentType, string? messageId = null)
    {
        var properties = new Dictionary<string, object> { ["delivery_mode"] = 2 };
        if (contentType is not null)
            properties["content_type"] = contentType;
        if (messageId is not null)
            properties["message_id"] = messageId;
        using var response = await _http.PostAsJsonAsync($"exchanges/{_virtualHost}/amq.default/publish", new
        {
            properties,
            routing_key = queue,
            payload = Convert.ToBase64String(body),
            payload_encoding = "base64",
        });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<PublishResult>())?.Routed == true;
    }

    public async Task PurgeQueue(string queue)
    {
        using var response = await _http.DeleteAsync($"queues/{_virtualHost}/{Uri.EscapeDataString(queue)}/contents");
        if (response.StatusCode != HttpStatusCode.NotFound)
            response.EnsureSuccessStatusCode();
    }

    /// <summary>Deletes the queue if it exists and holds no message; returns whether it is gone.</summary>
    public async Task<bool> DeleteQueueIfEmpty(string queue)
    {
        using var response = await _http.DeleteAsync($"queues/{_virtualHost}/{Uri.EscapeDataString(queue)}?if-empty=true");
        return response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.NotFound;
    }

    public async Task DeleteQueue(string queue)
    {
        using var response = await _http.DeleteAsync($"queues/{_virtualHost}/{Uri.EscapeDataString(queue)}");
        if (response.StatusCode != HttpStatusCode.NotFound)
            response.EnsureSuccessStatusCode();
    }

    public async Task DeleteExchange(string exchange)
    {
        using var response = await _http.DeleteAsync($"exchanges/{_virtualHost}/{Uri.EscapeDataString(exchange)}");
        if (response.StatusCode != HttpStatusCode.NotFound)
            response.EnsureSuccessStatusCode();
    }

    /// <summary>Creates the virtual host and gives the broker's user every right on it.</summary>
    public async Task CreateVirtualHost(string name)
    {
        var vhost = Uri.EscapeDataString(name);
        using (var created = await _http.PutAsJsonAsync($"vhosts/{vhost}", new { description = "Deploy Queue tests or bench" }))
            created.EnsureSuccessStatusCode();
        using var permitted = await _http.PutAsJsonAsync($"permissions/{vhost}/{LocalServices.BrokerUser}",
            new { configure = ".*", write = ".*", read = ".*" });
        permitted.EnsureSuccessStatusCode();
    }

    /// <summary>
    /// Deletes the virtual host (gone already is fine). A cluster answers 500 now and then while the members of its quorum
    /// queues go, so a server error is tried again, within a bound.
    /// </summary>
    public async Task DeleteVirtualHost(string name)
    {
        var status = await Eventually.Until(async () =>
        {
            using var response = await _http.DeleteAsync($"vhosts/{Uri.EscapeDataString(name)}");
            return response.StatusCode;
        }, s => (int)s < 500, TimeSpan.FromSeconds(30), $"virtual host {name} deleted");
        if (status != HttpStatusCode.NotFound && (int)status is < 200 or > 299)
            throw new HttpRequestException($"Deleting virtual host {name} answered {(int)status} {status}", null, status);
    }

    public void Dispose() => _http.Dispose();
}
