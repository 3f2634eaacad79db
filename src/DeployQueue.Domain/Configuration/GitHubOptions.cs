namespace DeployQueue.Domain.Configuration;

public sealed class GitHubOptions
{
    public string BaseUrl { get; set; } = "https://api.github.com/";

    /// <summary>Never logged, never put in a message. May also come from GITHUB_TOKEN.</summary>
    public string Token { get; set; } = "";

    /// <summary>How often GitHub is re-read while waiting (webhooks, when configured, make it a fallback).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often GitHub is re-read while webhook deliveries arrive (the last one within this interval): only to heal a lost delivery.</summary>
    public TimeSpan PollIntervalWithWebhooks { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The webhook's shared secret (X-Hub-Signature-256). Never logged. May also come from GITHUB_WEBHOOK_SECRET.</summary>
    public string WebhookSecret { get; set; } = "";

    public WebhookOptions Webhooks { get; set; } = new();

    /// <summary>
    /// How long after its deadline a merge call already in flight may still land (a GitHub call takes seconds, its
    /// retries included): a deploy failed at its merge timeout while merging keeps its lane that long at most.
    /// </summary>
    public TimeSpan MergeGrace { get; set; } = TimeSpan.FromMinutes(2);

    public override string ToString() =>
        $"GitHub {{ BaseUrl = {BaseUrl}, Token = {(Token.Length > 0 ? "***" : "(none)")}, PollInterval = {PollInterval}, " +
        $"PollIntervalWithWebhooks = {PollIntervalWithWebhooks}, WebhookSecret = {(WebhookSecret.Length > 0 ? "***" : "(none)")}, " +
        $"Webhooks = {{ Enabled = {Webhooks.Enabled} }}, MergeGrace = {MergeGrace} }}";
}
