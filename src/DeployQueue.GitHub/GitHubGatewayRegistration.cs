using DeployQueue.Domain.Configuration;
using DeployQueue.Domain.Ports;
using DeployQueue.GitHub.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Octokit;
using Octokit.Caching;

namespace DeployQueue.GitHub;

public static class GitHubGatewayRegistration
{
    /// <summary>Registers <see cref="IPullRequestGateway"/> and <see cref="IDeploymentGateway"/> over one shared
    /// Octokit client (singleton), its ETag cache and its rate-limit monitor.</summary>
    public static IServiceCollection AddGitHubGateways(this IServiceCollection services, GitHubOptions options,
        GitHubGateSettings? gate = null, GitHubRetryOptions? retry = null) =>
        services.AddGitHubGateways(_ => options, gate, retry);

    /// <inheritdoc cref="AddGitHubGateways(IServiceCollection, GitHubOptions, GitHubGateSettings?, GitHubRetryOptions?)"/>
    /// <param name="options">Read once, when the client is first needed (e.g. from the validated configuration).</param>
    public static IServiceCollection AddGitHubGateways(this IServiceCollection services, Func<IServiceProvider, GitHubOptions> options,
        GitHubGateSettings? gate = null, GitHubRetryOptions? retry = null)
    {
        services.AddSingleton<IResponseCache>(_ => new InMemoryResponseCache());
        services.AddSingleton(sp => new RateLimitMonitor(Logger(sp)));
        services.AddSingleton<IGitHubClient>(sp => GitHubClientFactory.Create(
            options(sp), sp.GetRequiredService<IResponseCache>(), sp.GetRequiredService<RateLimitMonitor>(), Logger(sp), retry));
        services.AddSingleton(gate ?? new GitHubGateSettings());
        services.AddSingleton<IPullRequestGateway, OctokitPullRequestGateway>();
        services.AddSingleton<IDeploymentGateway, OctokitDeploymentGateway>();
        return services;
    }

    static ILogger Logger(IServiceProvider services) =>
        services.GetService<ILoggerFactory>()?.CreateLogger("DeployQueue.GitHub") ?? NullLogger.Instance;
}
