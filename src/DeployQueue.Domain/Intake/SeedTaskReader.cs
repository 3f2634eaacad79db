using System.Text.Json;
using DeployQueue.Contracts;

namespace DeployQueue.Domain.Intake;

/// <summary>
/// Reads a plain JSON deploy request, in the contract's own shape or as the seed's task structure
/// ({ title, description, priority, context: { pr_number, pr_url, branch, target, commit_build_task_id } }),
/// so that publishers in any language can send with any AMQP client.
/// </summary>
public static class SeedTaskReader
{
    /// <summary>The request in <paramref name="json"/>; <paramref name="error"/> says why when it cannot be read.</summary>
    public static DeployRequested? Read(ReadOnlySpan<byte> json, out string? error)
    {
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = $"the body is a JSON {root.ValueKind}, not an object";
                return null;
            }

            var context = Property(root, "context") is { ValueKind: JsonValueKind.Object } nested ? nested : root;
            error = null;
            return new DeployRequested
            {
                TaskId = Text(root, "task_id", "taskId", "id") ?? Text(context, "task_id", "taskId") ?? "",
                Title = Text(root, "title") ?? "",
                Description = Text(root, "description"),
                Priority = Text(root, "priority") ?? Text(context, "priority"),
                Repository = Text(context, "repository", "repo") ?? Text(root, "repository") ?? "",
                PrNumber = Number(context, "pr_number", "prNumber") ?? 0,
                PrUrl = Text(context, "pr_url", "prUrl") ?? "",
                Branch = Text(context, "branch") ?? "",
                FeatureName = Text(context, "feature_name", "featureName") ?? Text(root, "feature_name", "featureName"),
                Target = Text(context, "target") ?? "",
                CommitBuildTaskId = Text(context, "commit_build_task_id", "commitBuildTaskId"),
                MergeStrategy = Text(context, "merge_strategy", "mergeStrategy") ?? Text(root, "merge_strategy", "mergeStrategy"),
            };
        }
        catch (JsonException exception)
        {
            error = $"the body is not valid JSON: {exception.Message}";
            return null;
        }
    }

    static JsonElement? Property(JsonElement element, params string[] names)
    {
        foreach (var property in element.EnumerateObject())
            if (names.Any(name => string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase)))
                return property.Value;
        return null;
    }

    static string? Text(JsonElement element, params string[] names) => Property(element, names) switch
    {
        { ValueKind: JsonValueKind.String } value => value.GetString(),
        { ValueKind: JsonValueKind.Number } value => value.GetRawText(),
        _ => null,
    };

    // Numbers may come as JSON numbers or as text ("123"); anything else reads as 0 and fails validation.
    static int? Number(JsonElement element, params string[] names) => Property(element, names) switch
    {
        { ValueKind: JsonValueKind.Number } value when value.TryGetInt32(out var number) => number,
        { ValueKind: JsonValueKind.String } value when int.TryParse(value.GetString(), out var number) => number,
        _ => null,
    };
}
