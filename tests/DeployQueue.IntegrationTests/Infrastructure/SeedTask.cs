using System.Text.Json.Nodes;

namespace DeployQueue.IntegrationTests.Infrastructure;

/// <summary>A deploy request in the seed's task structure, as plain JSON: what another pipeline service (or a person) sends.</summary>
public static class SeedTask
{
    public static string Json(string repository, int prNumber, string target = "staging", string? commitBuildTaskId = null) =>
        Node(repository, prNumber, target, commitBuildTaskId).ToJsonString();

    /// <summary>The same task as a JSON tree, for a test to change before it is sent.</summary>
    public static JsonObject Node(string repository, int prNumber, string target = "staging", string? commitBuildTaskId = null) => new()
    {
        ["title"] = $"Deploy PR #{prNumber} of {repository}",
        ["description"] = "The build of this PR passed; merge it and deploy it.",
        ["priority"] = "high",
        ["context"] = new JsonObject
        {
            ["pr_number"] = prNumber,
            ["pr_url"] = $"https://github.com/{repository}/pull/{prNumber}",
            ["branch"] = $"feature/pr-{prNumber}",
            ["target"] = target,
            ["commit_build_task_id"] = commitBuildTaskId ?? $"build-{Guid.NewGuid():N}",
        },
    };
}
