namespace DeployQueue.Domain.Ports;

/// <summary>
/// A dependency asked to be called again only after <see cref="RetryAfter"/> (GitHub's secondary rate limits: 429 or 403
/// with Retry-After, usually a minute; a spent rate limit until its reset), longer than an adapter waits in place. The
/// consumers' endpoints set their message aside for that long, without spending its retries (<c>WaitOutRetryAfterFilter</c>).
/// </summary>
public sealed class RetryAfterException(TimeSpan retryAfter, string message) : Exception(message)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
