using DeployQueue.GitHub;
using Microsoft.Extensions.Options;

namespace DeployQueue.Service.Configuration;

public sealed class GitHubGateSettingsValidator : IValidateOptions<GitHubGateSettings>
{
    public ValidateOptionsResult Validate(string? name, GitHubGateSettings options)
    {
        var failures = new OptionsFailures(ServiceConfiguration.GateSection);
        for (var i = 0; i < options.RequiredChecks.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(options.RequiredChecks[i]))
                failures.Add($"{nameof(options.RequiredChecks)}:{i}", "must name a check run or status context");
        }
        if (options.MergeabilityRechecks < 0)
            failures.Add(nameof(options.MergeabilityRechecks), "must be zero or more");
        failures.NotNegativeDuration(nameof(options.MergeabilityRecheckDelay), options.MergeabilityRecheckDelay);
        return failures.Result;
    }
}
