using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace DeployQueue.Simulators.GitHub.Webhooks;

/// <summary>
/// The webhook of the simulated repositories: once <see cref="SendTo"/> names a receiver, every change the simulator
/// makes that GitHub reports by webhook (a review, a completed check run, a commit status, a push to or the closing of
/// a PR, a completed workflow run, a deployment status) is posted there as GitHub posts it: the example payload of its
/// event (Events/, from octokit/webhooks) with the change's fields set, signed with the secret
/// (X-Hub-Signature-256), with X-GitHub-Event and X-GitHub-Delivery. Deliveries leave in the background, as GitHub's
/// do; <see cref="Sent"/> says how each was answered.
/// </summary>
public sealed class SimulatedWebhooks : IDisposable
{
    /// <summary>Added to a timer that waits for a time-paced process to complete, so that it finds it complete.</summary>
    internal static readonly TimeSpan TimerSlack = TimeSpan.FromMilliseconds(20);

    static readonly ConcurrentDictionary<string, JsonObject> Examples = new();

    readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(10) };
    readonly ConcurrentQueue<SentDelivery> sent = new();
    readonly ConcurrentDictionary<Task, bool> inFlight = new();
    (Uri Url, string Secret)? receiver;

    /// <summary>Deliveries go to <paramref name="url"/>, signed with <paramref name="secret"/>.</summary>
    public void SendTo(Uri url, string secret) => receiver = (url, secret);

    public IReadOnlyList<SentDelivery> Sent => sent.ToList();

    /// <summary>Completes when every delivery started so far has been answered.</summary>
    public Task Drained() => Task.WhenAll(inFlight.Keys);

    /// <summary>
    /// The example payload <paramref name="example"/> (a file of Events/ without .json) for <paramref name="repository"/>,
    /// changed by <paramref name="edit"/>, sent as event <paramref name="eventName"/>. Nothing when no receiver is set.
    /// The payload is built at once (the caller may hold the simulator's lock); it is posted in the background.
    /// </summary>
    internal void Deliver(string eventName, string example, string repository, Action<JsonObject> edit)
    {
        if (receiver is not { } to)
            return;
        var payload = (JsonObject)Examples.GetOrAdd(example, Load).DeepClone();
        payload["repository"]!["full_name"] = repository;
        payload["repository"]!["name"] = repository.Split('/')[1];
        payload["repository"]!["owner"]!["login"] = repository.Split('/')[0];
        edit(payload);
        var body = payload.ToJsonString();
        var action = payload["action"]?.GetValue<string>();
        var posting = Post(to.Url, to.Secret, eventName, action, body);
        inFlight[posting] = true;
        posting.ContinueWith(done => inFlight.TryRemove(done, out _), TaskScheduler.Default);
    }

    async Task Post(Uri url, string secret, string eventName, string? action, string body)
    {
        var deliveryId = Guid.NewGuid().ToString();
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.Add("X-GitHub-Event", eventName);
        request.Headers.Add("X-GitHub-Delivery", deliveryId);
        request.Headers.Add("X-Hub-Signature-256",
            "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body))));
        request.Headers.UserAgent.ParseAdd("GitHub-Hookshot/simulator");
        try
        {
            using var response = await http.SendAsync(request);
            sent.Enqueue(new SentDelivery(eventName, action, deliveryId, (int)response.StatusCode));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            // GitHub marks such a delivery failed and does not retry by itself: the receiver's polling heals it.
            sent.Enqueue(new SentDelivery(eventName, action, deliveryId, 0));
        }
    }

    static JsonObject Load(string example)
    {
        using var stream = typeof(SimulatedWebhooks).Assembly.GetManifestResourceStream($"Events.{example}.json")
            ?? throw new InvalidOperationException($"No example payload {example}.json embedded.");
        return JsonNode.Parse(stream)!.AsObject();
    }

    public void Dispose() => http.Dispose();
}
