using DeployQueue.Smoke;
using Microsoft.Extensions.Options;

namespace DeployQueue.Service.Configuration;

public sealed class SmokeRunnerOptionsValidator : IValidateOptions<SmokeRunnerOptions>
{
    public ValidateOptionsResult Validate(string? name, SmokeRunnerOptions options)
    {
        var failures = new OptionsFailures(ServiceConfiguration.SmokeSection);
        failures.NotNegativeDuration(nameof(options.StartupGrace), options.StartupGrace);
        failures.PositiveDuration(nameof(options.RequestTimeout), options.RequestTimeout);
        return failures.Result;
    }
}
