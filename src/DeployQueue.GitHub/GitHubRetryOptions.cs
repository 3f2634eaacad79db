namespace DeployQueue.GitHub;

/// <summary>Retries of transient GitHub faults, bounded so that one consumer call stays within a few seconds.</summary>
public sealed class GitHubRetryOptions
{
    public int MaxAttempts { get; set; } = 4;
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The most one call may wait in total; a Retry-After or rate-limit reset beyond it surfaces as the exception.</summary>
    public TimeSpan MaxTotalWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>One attempt longer than this is a timeout, retried like a 5xx.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
