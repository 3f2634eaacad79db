using System.Text.RegularExpressions;
using DeployQueue.Contracts;
using DeployQueue.Domain.Configuration;

namespace DeployQueue.Domain.Intake;

/// <summary>
/// The rules a readable <see cref="DeployRequested"/> must meet against this service's configuration (its fields
/// were checked one by one by <see cref="DeployRequestReader"/>): an allowed repository, a known target, and a PR URL
/// on the configured GitHub that names the same repository and PR. Each problem with a reason a person can act on;
/// an empty list means the request is valid.
/// </summary>
public static partial class DeployRequestValidator
{
    const string PublicGitHubApiHost = "api.github.com";
    const string PublicGitHubHost = "github.com";

    public static IReadOnlyList<string> Validate(DeployRequested request, TargetCatalog targets)
    {
        var errors = new List<string>();

        if (string.IsNullOrWhiteSpace(request.Repository))
            errors.Add("repository is missing (give it, or a pr_url of the form https://github.com/owner/name/pull/N)");
        else if (!RepositoryPattern().IsMatch(request.Repository))
            errors.Add($"repository '{Clip(request.Repository)}' is not of the form owner/name");
        else if (!targets.IsAllowed(request.Repository))
            errors.Add($"repository '{request.Repository}' is not in the allow-list (DeployQueue:Repositories)");

        if (PrUrlProblem(request, targets) is { } prUrlProblem)
            errors.Add(prUrlProblem);

        if (!targets.IsKnown(request.Target))
            errors.Add($"target '{Clip(request.Target)}' is unknown (configured: {string.Join(", ", targets.Options.Targets.Keys)})");

        return errors;
    }

    /// <summary>"owner/name" from a GitHub pull request URL, or null.</summary>
    public static string? RepositoryFromPrUrl(string? prUrl)
    {
        var match = PrUrlPattern().Match(prUrl ?? "");
        return match.Success ? $"{match.Groups["owner"].Value}/{match.Groups["name"].Value}" : null;
    }

    static string? PrUrlProblem(DeployRequested request, TargetCatalog targets)
    {
        if (!Uri.TryCreate(request.PrUrl, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http"))
            return $"pr_url '{Clip(request.PrUrl)}' is not an absolute http(s) URL";
        var hosts = GitHubHosts(targets);
        if (!hosts.Contains(url.Authority, StringComparer.OrdinalIgnoreCase))
            return $"pr_url '{Clip(request.PrUrl)}' is not on {string.Join(" or ", hosts)}, the GitHub this service deploys from";
        var match = PrUrlPattern().Match(request.PrUrl);
        if (!match.Success)
            return $"pr_url '{Clip(request.PrUrl)}' is not a pull request URL (https://{hosts[0]}/owner/name/pull/N)";
        var repository = $"{match.Groups["owner"].Value}/{match.Groups["name"].Value}";
        if (!string.IsNullOrWhiteSpace(request.Repository) && !string.Equals(repository, request.Repository, StringComparison.OrdinalIgnoreCase))
            return $"pr_url '{Clip(request.PrUrl)}' is a PR of {repository}, not of repository {Clip(request.Repository)}";
        if (match.Groups["number"].Value != request.PrNumber.ToString(System.Globalization.CultureInfo.InvariantCulture))
            return $"pr_url '{Clip(request.PrUrl)}' is PR #{match.Groups["number"].Value}, not pr_number {request.PrNumber}";
        return null;
    }

    /// <summary>Where PR pages live: github.com, and the host of a GitHub Enterprise-style BaseUrl (our simulator's too).</summary>
    static IReadOnlyList<string> GitHubHosts(TargetCatalog targets) =>
        Uri.TryCreate(targets.Options.GitHub.BaseUrl, UriKind.Absolute, out var api)
        && !api.Host.Equals(PublicGitHubApiHost, StringComparison.OrdinalIgnoreCase)
            ? [PublicGitHubHost, api.Authority]
            : [PublicGitHubHost];

    /// <summary>A value as quoted in a reason: at most 80 characters.</summary>
    internal static string Clip(string value) => value.Length <= 80 ? value : value[..80] + "…";

    [GeneratedRegex(@"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex RepositoryPattern();

    [GeneratedRegex(@"^https?://[^/]+/(?:repos/)?(?<owner>[A-Za-z0-9-]+)/(?<name>[A-Za-z0-9._-]+)/pulls?/(?<number>\d+)(?:[/?#].*)?$")]
    private static partial Regex PrUrlPattern();
}
