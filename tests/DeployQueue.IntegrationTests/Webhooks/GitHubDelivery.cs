using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace DeployQueue.IntegrationTests.Webhooks;

/// <summary>
/// A webhook delivery as GitHub sends it: one of GitHub's example payloads (Payloads/) with the fields a scenario
/// needs set, signed with the secret as GitHub signs (HMAC-SHA256 of the raw body, "sha256=" and hex).
/// </summary>
public sealed record GitHubDelivery(string Event, string Body)
{
    public string DeliveryId { get; init; } = Guid.NewGuid().ToString();

    /// <summary>
    /// The example payload <paramref name="example"/> (a file name without .json), for <paramref name="repository"/>,
    /// changed by <paramref name="edit"/>.
    /// </summary>
    public static GitHubDelivery From(string eventName, string example, string repository, Action<JsonObject>? edit = null)
    {
        var payload = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Webhooks", "Payloads", example + ".json")))!.AsObject();
        var repositoryNode = payload["repository"]!.AsObject();
        repositoryNode["full_name"] = repository;
        repositoryNode["name"] = repository.Split('/')[1];
        edit?.Invoke(payload);
        return new GitHubDelivery(eventName, payload.ToJsonString());
    }

    public static string Signature(string secret, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    /// <summary>Posts it to <c>/webhooks/github</c>, signed with <paramref name="secret"/> (null: unsigned).</summary>
    public async Task<HttpResponseMessage> PostTo(HttpClient service, string? secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/github")
        {
            Content = new StringContent(Body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.Add("X-GitHub-Event", Event);
        request.Headers.Add("X-GitHub-Delivery", DeliveryId);
        request.Headers.UserAgent.ParseAdd("GitHub-Hookshot/044aadd");
        if (secret is not null)
            request.Headers.Add("X-Hub-Signature-256", Signature(secret, Body));
        return await service.SendAsync(request);
    }
}
