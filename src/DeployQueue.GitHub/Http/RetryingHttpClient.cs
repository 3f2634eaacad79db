using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.ExceptionServices;
using DeployQueue.Domain.Ports;
using Microsoft.Extensions.Logging;
using Octokit;
using Octokit.Internal;

namespace DeployQueue.GitHub.Http;

/// <summary>
/// Retries what GitHub answers when it is briefly unable to: 5xx, timeouts, secondary rate limits (429, or 403 with
/// Retry-After) and a spent primary rate limit (X-RateLimit-Remaining 0, until X-RateLimit-Reset). Waits honour
/// Retry-After and the reset time, otherwise back off exponentially with jitter. The total wait of one call is bounded
/// (<see cref="GitHubRetryOptions.MaxTotalWait"/>): past it a rate limit that named its wait throws <see cref="RetryAfterException"/>
/// (its message is set aside for that long), and any other last answer goes back to Octokit, which throws.
/// A POST is retried only on rate limits, which GitHub refuses before doing anything (a 5xx may have created it).
/// Logs name the method, path and status, never a header (the token travels in one).
/// </summary>
public sealed class RetryingHttpClient(IHttpClient inner, GitHubRetryOptions options, RateLimitMonitor monitor, GitHubCallMetrics metrics,
    ILogger logger) : IHttpClient
{
    public async Task<IResponse> Send(IRequest request, CancellationToken octokitCancellation, Func<object, object>? preprocessResponseBody = null)
    {
        using var call = CancellationTokenSource.CreateLinkedTokenSource(octokitCancellation, CallerCancellation.Token);
        var cancellationToken = call.Token;
        var started = Stopwatch.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            IResponse? response = null;
            Exception? failure = null;
            try
            {
                using var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                attemptTimeout.CancelAfter(options.AttemptTimeout);
                response = await inner.Send(request, attemptTimeout.Token, preprocessResponseBody!);
                monitor.Observe(response);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is HttpRequestException or OperationCanceledException)
            {
                failure = ex;
            }

            var delay = response is not null ? RetryDelay(request, response, attempt)
                : request.Method == HttpMethod.Post ? null : Backoff(attempt);

            var waited = Stopwatch.GetElapsedTime(started);
            var outcome = response is null ? failure!.GetType().Name : ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
            metrics.Answered(request, outcome);
            if (delay is null || attempt >= options.MaxAttempts || waited + delay > options.MaxTotalWait)
            {
                if (response is not null && AskedToWait(response) is { } wait)
                    throw new RetryAfterException(wait, $"GitHub {request.Method} {request.Endpoint} answered {outcome}: retry after {wait}");
                if (delay is not null)
                    logger.LogWarning("GitHub {Method} {Path} answered {Outcome}; giving up after {Attempts} attempts ({Waited} ms)",
                        request.Method, request.Endpoint, outcome, attempt, (int)waited.TotalMilliseconds);
                if (response is not null) return response;
                if (failure is OperationCanceledException)
                    throw new TimeoutException($"GitHub {request.Method} {request.Endpoint} did not answer in time ({attempt} attempts).", failure);
                ExceptionDispatchInfo.Throw(failure!);
            }

            logger.LogInformation("GitHub {Method} {Path} answered {Outcome}; retry {Attempt} in {Delay} ms",
                request.Method, request.Endpoint, outcome, attempt + 1, (int)delay.Value.TotalMilliseconds);
            await Task.Delay(delay.Value, cancellationToken);
        }
    }

    /// <summary>How long to wait before retrying this answer, or null when it is final.</summary>
    TimeSpan? RetryDelay(IRequest request, IResponse response, int attempt)
    {
        var status = (int)response.StatusCode;
        if (IsRateLimited(response))
            return RetryAfter(response) ?? UntilReset(response) ?? Backoff(attempt);
        if (status >= 500 && request.Method != HttpMethod.Post)
            return RetryAfter(response) ?? Backoff(attempt);
        return null;
    }

    static bool IsRateLimited(IResponse response) =>
        (int)response.StatusCode == 429 || (response.StatusCode == HttpStatusCode.Forbidden && IsRateLimit(response));

    /// <summary>The wait a rate limit asked for (Retry-After, or until the reset), beyond what one call waits in place: the
    /// message is set aside for it rather than spend its retries (<see cref="RetryAfterException"/>).</summary>
    static TimeSpan? AskedToWait(IResponse response) =>
        IsRateLimited(response) ? RetryAfter(response) ?? UntilReset(response) : null;

    static bool IsRateLimit(IResponse response) =>
        Header(response, "Retry-After") is not null
        || Header(response, "X-RateLimit-Remaining") == "0"
        || (response.Body as string)?.Contains("rate limit", StringComparison.OrdinalIgnoreCase) == true;

    static TimeSpan? RetryAfter(IResponse response) =>
        int.TryParse(Header(response, "Retry-After"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(Math.Max(0, seconds))
            : null;

    static TimeSpan? UntilReset(IResponse response) =>
        Header(response, "X-RateLimit-Remaining") == "0"
        && long.TryParse(Header(response, "X-RateLimit-Reset"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var reset)
            ? TimeSpan.FromSeconds(Math.Max(0, reset - DateTimeOffset.UtcNow.ToUnixTimeSeconds()) + 1)
            : null;

    TimeSpan Backoff(int attempt) =>
        TimeSpan.FromMilliseconds(options.BaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1) * (0.8 + Random.Shared.NextDouble() * 0.4));

    static string? Header(IResponse response, string name) =>
        response.Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    public void SetRequestTimeout(TimeSpan timeout) => inner.SetRequestTimeout(timeout);

    public void Dispose() => inner.Dispose();
}
