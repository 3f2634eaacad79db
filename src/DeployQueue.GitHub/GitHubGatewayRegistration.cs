using DeployQueue.Domain.Configuration;
using DeployQueue.Domain.Ports;
using DeployQueue.GitHub.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Octokit;
using Octokit.Caching;

namespace DeployQueue.GitHub;

public static class GitHubGatewayRegistration
{
    /// <summary>Registers <see cref="IPullRequestGateway"/> and <see cref="IDeploymentGateway"/> over one shared
    /// Octokit client (singleton), its ETag cache, its rate-limit monitor and call metrics. The gate rules and the retries are
    /// the options <see cref="GitHubGateSettings"/> and <see cref="GitHubRetryOptions"/> (their defaults unless the
    /// caller binds or configures them).</summary>
    public static IServiceCollection AddGitHubGateways(this IServiceCollection services, GitHubOptions options) =>
        services.AddGitHubGateways(_ => options);

    /// <inheritdoc cref="AddGitHubGateways(IServiceCollection, GitHubOptions)"/>
    /// <param name="options">Read once, when the client is first needed (e.g. from the validated configuration).</param>
    public static IServiceCollection AddGitHubGateways(this IServiceCollection services, Func<IServiceProvider, GitHubOptions> options)
    {
        services.AddOptions<GitHubGateSettings>();
        services.AddOptions<GitHubRetryOptions>();
        services.AddSingleton<IResponseCache>(_ => new InMemoryResponseCache());
        services.AddSingleton(sp => new RateLimitMonitor(Logger(sp)));
        services.AddSingleton<GitHubCallMetrics>();
        services.AddSingleton<IGitHubClient>(sp => GitHubClientFactory.Create(
            options(sp), sp.GetRequiredService<IResponseCache>(), sp.GetRequiredService<RateLimitMonitor>(),
            sp.GetRequiredService<GitHubCallMetrics>(), Logger(sp),
            sp.GetRequiredService<IOptions<GitHubRetryOptions>>().Value));
        services.AddSingleton<IPullRequestGateway>(sp => new OctokitPullRequestGateway(
            sp.GetRequiredService<IGitHubClient>(), sp.GetRequiredService<IOptions<GitHubGateSettings>>().Value));
        services.AddSingleton<IDeploymentGateway, OctokitDeploymentGateway>();
        return services;
    }

    static ILogger Logger(IServiceProvider services) =>
        services.GetService<ILoggerFactory>()?.CreateLogger("DeployQueue.GitHub") ?? NullLogger.Instance;
}
