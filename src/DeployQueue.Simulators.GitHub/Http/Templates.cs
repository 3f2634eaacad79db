using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace DeployQueue.Simulators.GitHub.Http;

/// <summary>GitHub's own example objects (embedded from Templates/), cloned so each answer carries every field GitHub sends.</summary>
internal static class Templates
{
    static readonly ConcurrentDictionary<string, JsonObject> Cache = new();

    public static JsonObject Clone(string name) =>
        (JsonObject)Cache.GetOrAdd(name, Load).DeepClone();

    static JsonObject Load(string name)
    {
        using var stream = typeof(Templates).Assembly.GetManifestResourceStream($"Templates.{name}.json")
            ?? throw new InvalidOperationException($"No template {name}.json embedded.");
        return JsonNode.Parse(stream)!.AsObject();
    }

    public static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ");
}
