using DeployQueue.Domain.Configuration;
using DeployQueue.Domain.Ports;
using DeployQueue.Service.Telemetry;
using Microsoft.Extensions.Options;
using Octokit.Webhooks;
using Octokit.Webhooks.AspNetCore;

namespace DeployQueue.Service.Webhooks;

/// <summary>
/// `POST /webhooks/github` (issue 14): GitHub's deliveries become hints for the deploys to look now, on whichever
/// instance receives them. Served when `DeployQueue:GitHub:Webhooks:Enabled` is true.
/// </summary>
public static class GitHubWebhookEndpoint
{
    public const string Path = "/webhooks/github";
    public const string EnabledKey = "DeployQueue:GitHub:Webhooks:Enabled";

    /// <summary>Decides what is composed, so it is read before the container exists (as the Hosting section is).</summary>
    public static bool IsEnabled(IConfiguration configuration) => configuration.GetValue<bool>(EnabledKey);

    /// <summary>The endpoint's parts. The deliveries' store is the hosting profile's.</summary>
    public static IServiceCollection AddGitHubWebhooks(this IServiceCollection services)
    {
        services.AddScoped<WebhookEventProcessor, GitHubWebhookProcessor>();
        services.AddSingleton<GitHubWebhookGuard>();
        services.AddSingleton<WebhookMetrics>();
        services.AddSingleton<WebhookActivity>();
        services.AddSingleton<IWebhookActivity>(sp => sp.GetRequiredService<WebhookActivity>());
        services.AddHostedService<WebhookActivityRefresh>();
        services.AddHostedService<WebhookDeliveryCleanup>();
        // Octokit's endpoint checks the signature again, with the same secret, read when the first delivery comes.
        services.AddOptions<GitHubWebhookOptions>()
            .Configure<IOptions<DeployQueueOptions>>((webhook, queue) => webhook.Secret = queue.Value.GitHub.WebhookSecret);
        return services;
    }

    public static void MapGitHubWebhookEndpoint(this WebApplication app)
    {
        app.UseWhen(context => HttpMethods.IsPost(context.Request.Method) && context.Request.Path.Equals(Path),
            branch => branch.UseMiddleware<GitHubWebhookGuard>());
        app.MapGitHubWebhooks(Path);
    }
}
