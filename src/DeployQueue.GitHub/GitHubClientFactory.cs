using DeployQueue.Domain.Configuration;
using DeployQueue.GitHub.Http;
using Microsoft.Extensions.Logging;
using Octokit;
using Octokit.Caching;
using Octokit.Internal;

namespace DeployQueue.GitHub;

/// <summary>Builds the one Octokit client of the process: base URL (api.github.com, or Enterprise-style
/// {BaseUrl}/api/v3/ for any other host, which is how the simulator is reached), token, bounded retries below an
/// ETag cache (so 304s are never retried and spend no rate limit).</summary>
public static class GitHubClientFactory
{
    public static GitHubClient Create(GitHubOptions options, IResponseCache cache, RateLimitMonitor monitor, GitHubCallMetrics metrics, ILogger logger,
        GitHubRetryOptions retry)
    {
        var http = new RetryingHttpClient(new HttpClientAdapter(HttpMessageHandlerFactory.CreateDefault), retry, monitor, metrics, logger);
        var connection = new Connection(
            new ProductHeaderValue("DeployQueue"),
            ApiBaseAddress(options.BaseUrl),
            new InMemoryCredentialStore(options.Token.Length > 0 ? new Credentials(options.Token) : Credentials.Anonymous),
            new CachingHttpClient(http, cache),
            new SimpleJsonSerializer());
        return new GitHubClient(connection);
    }

    /// <summary>Octokit's rule for a base URL: github.com and api.github.com are the public API, anything else is
    /// a GitHub Enterprise server whose API lives under /api/v3/.</summary>
    public static Uri ApiBaseAddress(string baseUrl)
    {
        var uri = new Uri(baseUrl, UriKind.Absolute);
        return uri.Host is "github.com" or "api.github.com" ? GitHubClient.GitHubApiUrl : new Uri(uri, "/api/v3/");
    }
}
