using System.Text.Json.Nodes;

namespace DeployQueue.Simulators.GitHub.Http;

/// <summary>What a route answers; <see cref="Responder"/> turns it into GitHub's HTTP (ETag, rate-limit headers, Link).</summary>
internal sealed record Reply(int Status, JsonNode? Json = null, string? Text = null, string? Link = null)
{
    public static Reply Ok(JsonNode json, string? link = null) => new(200, json, Link: link);

    public static Reply NotFound() =>
        new(404, new JsonObject { ["message"] = "Not Found", ["documentation_url"] = "https://docs.github.com/rest" });
}
