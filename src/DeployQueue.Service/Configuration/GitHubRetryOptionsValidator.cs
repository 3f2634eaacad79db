using DeployQueue.GitHub;
using Microsoft.Extensions.Options;

namespace DeployQueue.Service.Configuration;

public sealed class GitHubRetryOptionsValidator : IValidateOptions<GitHubRetryOptions>
{
    public ValidateOptionsResult Validate(string? name, GitHubRetryOptions options)
    {
        var failures = new OptionsFailures(ServiceConfiguration.RetrySection);
        if (options.MaxAttempts < 1)
            failures.Add(nameof(options.MaxAttempts), "must be 1 or more (1: no retry)");
        failures.NotNegativeDuration(nameof(options.BaseDelay), options.BaseDelay);
        failures.NotNegativeDuration(nameof(options.MaxTotalWait), options.MaxTotalWait);
        failures.PositiveDuration(nameof(options.AttemptTimeout), options.AttemptTimeout);
        return failures.Result;
    }
}
