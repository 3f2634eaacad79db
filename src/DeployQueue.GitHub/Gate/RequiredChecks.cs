using Octokit;

namespace DeployQueue.GitHub.Gate;

/// <summary>
/// The status checks GitHub itself requires before a merge into a branch: those of the branch's protection and of
/// every ruleset that applies to it (a repository may use either or both). Read through the adapter's HTTP cache: an
/// unchanged answer is a 304, which spends no rate limit.
/// </summary>
internal static class RequiredChecks
{
    public static async Task<IReadOnlyCollection<string>> Of(IGitHubClient github, RepositoryName repo, string branch)
    {
        var api = new ApiConnection(github.Connection);
        var required = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        var protection = (await OrNotFound(() => api.Get<BranchSummary>(new Uri($"repos/{repo.Owner}/{repo.Name}/branches/{branch}", UriKind.Relative))))
            ?.Protection?.RequiredStatusChecks;
        if (protection is { EnforcementLevel: not "off" })
            required.UnionWith(protection.Contexts ?? []);

        var rules = await OrNotFound(() => api.GetAll<BranchRule>(new Uri($"repos/{repo.Owner}/{repo.Name}/rules/branches/{branch}", UriKind.Relative)));
        foreach (var rule in (rules ?? []).Where(r => r.Type == "required_status_checks"))
            required.UnionWith(rule.Parameters?.RequiredStatusChecks?.Select(c => c.Context) ?? []);
        return required;
    }

    /// <summary>A branch or a rules endpoint GitHub does not have (an older GitHub Enterprise has no rulesets): nothing required by it.</summary>
    static async Task<T?> OrNotFound<T>(Func<Task<T>> read) where T : class
    {
        try
        {
            return await read();
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    // GitHub's JSON, as far as it is read here (Octokit maps snake_case onto these names).
    public sealed class BranchSummary
    {
        public ProtectionSummary? Protection { get; set; }
    }

    public sealed class ProtectionSummary
    {
        public RequiredStatusChecksSummary? RequiredStatusChecks { get; set; }
    }

    public sealed class RequiredStatusChecksSummary
    {
        public string? EnforcementLevel { get; set; }
        public List<string>? Contexts { get; set; }
    }

    public sealed class BranchRule
    {
        public string Type { get; set; } = "";
        public BranchRuleParameters? Parameters { get; set; }
    }

    public sealed class BranchRuleParameters
    {
        public List<RequiredStatusCheck>? RequiredStatusChecks { get; set; }
    }

    public sealed class RequiredStatusCheck
    {
        public string Context { get; set; } = "";
    }
}
