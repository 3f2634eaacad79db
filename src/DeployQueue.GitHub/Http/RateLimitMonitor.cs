using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Octokit;

namespace DeployQueue.GitHub.Http;

/// <summary>The rate-limit budget GitHub reports on every answer: exposed as the metric
/// <c>deployqueue.github.rate_limit.remaining</c> (meter "DeployQueue.GitHub") and logged when it runs low.</summary>
public sealed class RateLimitMonitor : IDisposable
{
    public const string MeterName = "DeployQueue.GitHub";

    readonly Meter meter = new(MeterName);
    readonly ILogger logger;
    int remaining = -1;
    int limit = -1;

    public RateLimitMonitor(ILogger logger)
    {
        this.logger = logger;
        meter.CreateObservableGauge("deployqueue.github.rate_limit.remaining", () => Remaining,
            description: "GitHub API calls left in the current rate-limit window");
    }

    /// <summary>-1 until GitHub has answered once.</summary>
    public int Remaining => Volatile.Read(ref remaining);

    internal void Observe(IResponse response)
    {
        if (response.ApiInfo?.RateLimit is not { } rate || rate.Limit <= 0) return;
        var previous = Interlocked.Exchange(ref remaining, rate.Remaining);
        Volatile.Write(ref limit, rate.Limit);
        // Log once per tenth of the budget spent, and every answer once under a tenth is left.
        var step = Math.Max(1, rate.Limit / 10);
        if (previous < 0 || previous / step != rate.Remaining / step || rate.Remaining < step)
            logger.Log(rate.Remaining < step ? LogLevel.Warning : LogLevel.Information,
                "GitHub rate limit: {Remaining} of {Limit} calls left, resets at {Reset:u}", rate.Remaining, rate.Limit, rate.Reset);
    }

    public void Dispose() => meter.Dispose();
}
