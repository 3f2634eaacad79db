using DeployQueue.Domain.Ports;
using DeployQueue.Smoke.Monitoring;
using Microsoft.Extensions.DependencyInjection;

namespace DeployQueue.Smoke;

public static class SmokeCheckServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="HttpSmokeRunner"/> as the <see cref="ISmokeRunner"/> and <see cref="HttpMonitoringProbe"/> as the
    /// <see cref="IMonitoringProbe"/>, each a typed HttpClient whose requests are bounded by
    /// <see cref="SmokeRunnerOptions.RequestTimeout"/>. The options are <see cref="SmokeRunnerOptions"/> (their defaults
    /// unless the caller binds or configures them).
    /// </summary>
    public static IServiceCollection AddSmokeChecks(this IServiceCollection services, Action<SmokeRunnerOptions>? configure = null)
    {
        var options = services.AddOptions<SmokeRunnerOptions>();
        if (configure is not null)
            options.Configure(configure);
        // The runner bounds each request itself, and reports a timeout as a failed check.
        services.AddHttpClient<ISmokeRunner, HttpSmokeRunner>(client => client.Timeout = Timeout.InfiniteTimeSpan);
        // Monitoring's checks go through the same bounded requests; Prometheus's queries too.
        services.AddHttpClient<IMonitoringProbe, HttpMonitoringProbe>(client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.AddHttpClient<PrometheusClient>(client => client.Timeout = Timeout.InfiniteTimeSpan);
        return services;
    }
}
