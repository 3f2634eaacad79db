using DeployQueue.Contracts;

namespace DeployQueue.Domain.Configuration;

/// <summary>The `DeployQueue` section of the configuration (DESIGN.md §8).</summary>
public sealed class DeployQueueOptions
{
    public const string SectionName = "DeployQueue";

    public GitHubOptions GitHub { get; set; } = new();

    /// <summary>The allow-list: "owner/name" of every repository the queue may deploy.</summary>
    public List<string> Repositories { get; set; } = [];

    public Dictionary<string, TargetOptions> Targets { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// When a deploy waiting for its lane first asks again, in case a lane message was lost (it sits in an error queue
    /// after its retries). Later asks wait as long as the deploy has waited so far, up to an hour: healing need not be
    /// prompt, and every ask costs a lane update and a message to the lane's holder.
    /// </summary>
    public TimeSpan LaneRecheck { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// When a deploy whose target does not serve the merge SHA healthily yet runs its smoke checks again. Each later
    /// run waits twice as long as the one before, up to 16 times this, and the last one is due at the target's smoke
    /// timeout (Targets:&lt;t&gt;:Timeouts:Smoke), where a target still not ready fails.
    /// </summary>
    public TimeSpan SmokeRecheck { get; set; } = TimeSpan.FromSeconds(2);
}

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

public sealed class TargetOptions
{
    /// <summary>The GitHub environment name (defaults to the target's name).</summary>
    public string? Environment { get; set; }
    public string BaseUrl { get; set; } = "";
    public MergeStrategy MergeStrategy { get; set; } = MergeStrategy.Squash;
    public int RequiredApprovals { get; set; } = 1;
    public DeployTrigger Trigger { get; set; } = DeployTrigger.Merge;
    public string? Workflow { get; set; }

    /// <summary>The branch the target deploys from: a PR on another base is not merged. Default: the repository's default branch.</summary>
    public string? Branch { get; set; }

    /// <summary>Whether a head on which no check or status has reported may merge; otherwise it waits as checks pending.</summary>
    public bool AllowNoChecks { get; set; }

    public List<HealthCheckOptions> HealthChecks { get; set; } = [];
    public List<SmokeTestOptions> SmokeTests { get; set; } = [];
    public string? VersionPath { get; set; }

    /// <summary>A target with no health check, smoke test or version path is refused at start unless this says it is meant.</summary>
    public bool AllowNoSmokeChecks { get; set; }

    public TimeoutOptions Timeouts { get; set; } = new();

    /// <summary>A target that may only deploy a SHA that already succeeded on this other target.</summary>
    public string? RequiresSuccessOn { get; set; }
    public TaskPriority Priority { get; set; } = TaskPriority.Normal;
    public bool RollbackOnCriticalFailure { get; set; }
}

public sealed class HealthCheckOptions
{
    public string Path { get; set; } = "/health";
    public int ExpectStatus { get; set; } = 200;
}

public sealed class SmokeTestOptions
{
    public string Method { get; set; } = "GET";
    public string Path { get; set; } = "/";
    public int ExpectStatus { get; set; } = 200;
    public string? BodyContains { get; set; }
    /// <summary>A JSON path (dot-separated) and the value it must have, e.g. "status=ok".</summary>
    public string? JsonEquals { get; set; }
    public int? MaxLatencyMs { get; set; }
}

public sealed class TimeoutOptions
{
    public TimeSpan Merge { get; set; } = TimeSpan.FromMinutes(30);
    public TimeSpan Deploy { get; set; } = TimeSpan.FromMinutes(30);
    public TimeSpan Smoke { get; set; } = TimeSpan.FromMinutes(5);
}
