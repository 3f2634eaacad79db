using Microsoft.Extensions.Options;

namespace DeployQueue.Service.Configuration;

public sealed class HostingOptionsValidator : IValidateOptions<HostingOptions>
{
    public ValidateOptionsResult Validate(string? name, HostingOptions options)
    {
        var failures = new OptionsFailures(HostingOptions.SectionName);
        failures.PositiveDuration(nameof(options.SchedulerPollInterval), options.SchedulerPollInterval);
        return failures.Result;
    }
}
