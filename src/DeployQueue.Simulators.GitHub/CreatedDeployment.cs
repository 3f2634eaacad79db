using System.Text.Json.Nodes;

namespace DeployQueue.Simulators.GitHub;

/// <summary>
/// A GitHub Deployment as it was created: what the repository's deploy workflow reads from <c>github.event.deployment</c>.
/// A rollout's payload (README, "Progressive rollout") puts <see cref="Weight"/> percent of the traffic on <see cref="Canary"/>
/// and the rest on <see cref="Stable"/>.
/// </summary>
public sealed record CreatedDeployment(string Sha, string Environment, string Description, JsonObject? Payload)
{
    public int? Weight => Number("weight");
    public int? Step => Number("step");
    public int? Of => Number("of");
    public string? Canary => Text("canary");
    public string? Stable => Text("stable");

    int? Number(string key) => Payload?[key] is JsonValue value && value.TryGetValue<int>(out var number) ? number : null;

    string? Text(string key) => Payload?[key] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
