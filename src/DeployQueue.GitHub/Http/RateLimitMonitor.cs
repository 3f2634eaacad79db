using System.Diagnostics.Metrics;
using DeployQueue.Domain.Telemetry;
using Microsoft.Extensions.Logging;
using Octokit;

namespace DeployQueue.GitHub.Http;

/// <summary>The rate-limit budget GitHub reports on every answer: exposed as the metric
/// <c>deployqueue.github.rate_limit.remaining</c> (meter "DeployQueue") and logged when it runs low.</summary>
public sealed class RateLimitMonitor : IDisposable
{
    readonly Meter meter = new(DeployQueueMeter.Name);
    readonly ILogger logger;
    int remaining = -1;
    int limit = -1;

    public RateLimitMonitor(ILogger logger)
    {
        this.logger = logger;
        meter.CreateObservableGauge("deployqueue.github.rate_limit.remaining", ObservedRemaining, unit: "{call}",
            description: "GitHub API calls left in the current rate-limit window");
    }

    /// <summary>Nothing until GitHub has answered once: no made-up budget on a graph.</summary>
    IEnumerable<Measurement<int>> ObservedRemaining() => Remaining < 0 ? [] : [new Measurement<int>(Remaining)];

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
