using DeployQueue.Domain.Configuration;
using DeployQueue.GitHub;
using DeployQueue.Smoke;
using Microsoft.Extensions.Options;

namespace DeployQueue.Service.Configuration;

/// <summary>
/// Every configuration section of the service, each bound to its options type and checked before anything starts
/// (<c>ValidateOnStart</c>): a bad value stops the start with a line naming its key.
/// </summary>
public static class ServiceConfiguration
{
    public const string GateSection = "DeployQueue:GitHub:Gate";
    public const string RetrySection = "DeployQueue:GitHub:Retry";
    public const string SmokeSection = "DeployQueue:Smoke";

    /// <summary>Read when <c>DeployQueue:GitHub:Token</c> is empty.</summary>
    public const string TokenFallbackKey = "GITHUB_TOKEN";

    /// <summary>Read when <c>DeployQueue:GitHub:WebhookSecret</c> is empty.</summary>
    public const string WebhookSecretFallbackKey = "GITHUB_WEBHOOK_SECRET";

    public static IServiceCollection AddServiceConfiguration(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidated<ServiceConnectionStrings, ServiceConnectionStringsValidator>(configuration, ServiceConnectionStrings.SectionName);
        services.AddValidated<HostingOptions, HostingOptionsValidator>(configuration, HostingOptions.SectionName);
        services.AddValidated<DeployQueueOptions, DeployQueueOptionsValidator>(configuration, DeployQueueOptions.SectionName)
            .PostConfigure(options =>
            {
                if (string.IsNullOrEmpty(options.GitHub.Token))
                    options.GitHub.Token = configuration[TokenFallbackKey] ?? "";
                if (string.IsNullOrEmpty(options.GitHub.WebhookSecret))
                    options.GitHub.WebhookSecret = configuration[WebhookSecretFallbackKey] ?? "";
            });
        services.AddValidated<GitHubGateSettings, GitHubGateSettingsValidator>(configuration, GateSection);
        services.AddValidated<GitHubRetryOptions, GitHubRetryOptionsValidator>(configuration, RetrySection);
        services.AddValidated<SmokeRunnerOptions, SmokeRunnerOptionsValidator>(configuration, SmokeSection);
        services.AddValidated<ApiOptions, ApiOptionsValidator>(configuration, ApiOptions.SectionName);
        return services;
    }

    /// <summary>
    /// The Hosting section decides what is composed (which hosting profile, which background services), so it is
    /// read before the container exists; <see cref="AddServiceConfiguration"/> checks the same values before the start.
    /// </summary>
    public static HostingOptions Hosting(IConfiguration configuration) =>
        configuration.GetSection(HostingOptions.SectionName).Get<HostingOptions>() ?? new HostingOptions();

    static OptionsBuilder<T> AddValidated<T, TValidator>(this IServiceCollection services, IConfiguration configuration, string section)
        where T : class
        where TValidator : class, IValidateOptions<T>
    {
        services.AddSingleton<IValidateOptions<T>, TValidator>();
        return services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateOnStart();
    }
}
