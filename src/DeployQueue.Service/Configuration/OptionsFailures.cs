using Microsoft.Extensions.Options;

namespace DeployQueue.Service.Configuration;

/// <summary>The failures of one section's check, each naming its key as an operator writes it.</summary>
sealed class OptionsFailures(string section)
{
    readonly List<string> _failures = [];

    public void Add(string key, string problem) => _failures.Add($"{section}:{key} {problem}");

    public void PositiveDuration(string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
            Add(key, "must be a positive duration (hh:mm:ss)");
    }

    public void NotNegativeDuration(string key, TimeSpan value)
    {
        if (value < TimeSpan.Zero)
            Add(key, "must not be negative (hh:mm:ss)");
    }

    public ValidateOptionsResult Result => _failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(_failures);
}
