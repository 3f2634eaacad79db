using System.Text.Json;

namespace DeployQueue.IntegrationTests.Infrastructure;

/// <summary>A deploy request in the seed's task structure, as plain JSON: what another pipeline service (or a person) sends.</summary>
public static class SeedTask
{
    public static string Json(string repository, int prNumber, string target = "staging", string? commitBuildTaskId = null) =>
        JsonSerializer.Serialize(new
        {
            title = $"Deploy PR #{prNumber} of {repository}",
            description = "The build of this PR passed; merge it and deploy it.",
            priority = "high",
            context = new
            {
                pr_number = prNumber,
                pr_url = $"https://github.com/{repository}/pull/{prNumber}",
                branch = $"feature/pr-{prNumber}",
                target,
                commit_build_task_id = commitBuildTaskId ?? $"build-{Guid.NewGuid():N}",
            },
        });
}
