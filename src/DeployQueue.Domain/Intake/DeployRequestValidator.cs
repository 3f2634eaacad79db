using System.Text.RegularExpressions;
using DeployQueue.Contracts;
using DeployQueue.Domain.Configuration;

namespace DeployQueue.Domain.Intake;

/// <summary>
/// The edge's rules for a <see cref="DeployRequested"/>: what is missing or wrong, each with a reason
/// a person can act on. An empty list means the request is valid.
/// </summary>
public static partial class DeployRequestValidator
{
    public const int MaxTextLength = 2_000;

    public static IReadOnlyList<string> Validate(DeployRequested request, TargetCatalog targets)
    {
        var errors = new List<string>();

        Required(errors, "title", request.Title);
        Required(errors, "branch", request.Branch);
        Required(errors, "target", request.Target);
        Required(errors, "pr_url", request.PrUrl);

        if (request.PrNumber <= 0)
            errors.Add($"pr_number must be a positive number (got {request.PrNumber})");

        if (string.IsNullOrWhiteSpace(request.Repository))
            errors.Add("repository is missing (give it, or a pr_url of the form https://github.com/owner/name/pull/N)");
        else if (!RepositoryPattern().IsMatch(request.Repository))
            errors.Add($"repository '{Clip(request.Repository)}' is not of the form owner/name");
        else if (!targets.IsAllowed(request.Repository))
            errors.Add($"repository '{request.Repository}' is not in the allow-list (DeployQueue:Repositories)");

        if (!string.IsNullOrWhiteSpace(request.PrUrl) && !Uri.TryCreate(request.PrUrl, UriKind.Absolute, out _))
            errors.Add($"pr_url '{Clip(request.PrUrl)}' is not an absolute URL");
        else if (RepositoryFromPrUrl(request.PrUrl) is { } ofUrl && !string.IsNullOrWhiteSpace(request.Repository)
                 && !string.Equals(ofUrl, request.Repository, StringComparison.OrdinalIgnoreCase))
            errors.Add($"pr_url '{Clip(request.PrUrl)}' is a PR of {ofUrl}, not of repository {Clip(request.Repository)}");

        if (!string.IsNullOrWhiteSpace(request.Target) && !targets.IsKnown(request.Target))
            errors.Add($"target '{Clip(request.Target)}' is unknown (configured: {string.Join(", ", targets.Options.Targets.Keys)})");

        if (request.Priority is { } priority && !Enum.TryParse<TaskPriority>(priority, ignoreCase: true, out _))
            errors.Add($"priority '{Clip(priority)}' is not one of {string.Join(", ", Enum.GetNames<TaskPriority>())}");

        if (request.MergeStrategy is { } strategy && !Enum.TryParse<MergeStrategy>(strategy, ignoreCase: true, out _))
            errors.Add($"merge_strategy '{Clip(strategy)}' is not one of merge, squash, rebase");

        foreach (var (name, value) in new[] { ("title", request.Title), ("description", request.Description), ("branch", request.Branch) })
            if (value?.Length > MaxTextLength)
                errors.Add($"{name} is longer than {MaxTextLength} characters");

        return errors;
    }

    /// <summary>"owner/name" from a GitHub pull request URL, or null.</summary>
    public static string? RepositoryFromPrUrl(string? prUrl)
    {
        var match = PrUrlPattern().Match(prUrl ?? "");
        return match.Success ? $"{match.Groups["owner"].Value}/{match.Groups["name"].Value}" : null;
    }

    static void Required(List<string> errors, string name, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            errors.Add($"{name} is missing");
    }

    static string Clip(string value) => value.Length <= 80 ? value : value[..80] + "…";

    [GeneratedRegex(@"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex RepositoryPattern();

    [GeneratedRegex(@"^https?://[^/]+/(?:repos/)?(?<owner>[A-Za-z0-9-]+)/(?<name>[A-Za-z0-9._-]+)/pulls?/\d+")]
    private static partial Regex PrUrlPattern();
}
