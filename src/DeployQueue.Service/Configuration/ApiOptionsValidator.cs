using Microsoft.Extensions.Options;

namespace DeployQueue.Service.Configuration;

public sealed class ApiOptionsValidator : IValidateOptions<ApiOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiOptions options)
    {
        var failures = new OptionsFailures(ApiOptions.SectionName);
        if (options.RequireTokenToRead && string.IsNullOrEmpty(options.Token))
            failures.Add(nameof(options.Token), "must be set when RequireTokenToRead is true");
        return failures.Result;
    }
}
