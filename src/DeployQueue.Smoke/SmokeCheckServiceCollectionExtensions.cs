using DeployQueue.Domain.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace DeployQueue.Smoke;

public static class SmokeCheckServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="HttpSmokeRunner"/> as the <see cref="ISmokeRunner"/>, a typed HttpClient whose bound is
    /// <see cref="SmokeRunnerOptions.RequestTimeout"/>; bad option values stop the host's start.
    /// </summary>
    public static IServiceCollection AddSmokeChecks(this IServiceCollection services, Action<SmokeRunnerOptions>? configure = null)
    {
        services.AddOptions<SmokeRunnerOptions>()
            .Configure(options => configure?.Invoke(options))
            .Validate(options => options.StartupGrace >= TimeSpan.Zero, "Smoke StartupGrace must not be negative.")
            .Validate(options => options.RequestTimeout > TimeSpan.Zero, "Smoke RequestTimeout must be positive.")
            .ValidateOnStart();
        // The runner bounds each request itself, and reports a timeout as a failed check.
        services.AddHttpClient<ISmokeRunner, HttpSmokeRunner>(client => client.Timeout = Timeout.InfiniteTimeSpan);
        return services;
    }
}
