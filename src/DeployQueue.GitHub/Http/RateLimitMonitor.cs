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
        var tenth = Math.Max(1, rate.Limit / 10);
        if (previous < 0 || Band(previous, rate.Limit) != Band(rate.Remaining, rate.Limit))
            logger.Log(rate.Remaining < tenth ? LogLevel.Warning : LogLevel.Information,
                "GitHub rate limit: {Remaining} of {Limit} calls left, resets at {Reset:u}", rate.Remaining, rate.Limit, rate.Reset);
    }

    /// <summary>
    /// A line per tenth of the budget spent, per hundredth once under a tenth is left, and one when none is: about twenty
    /// lines a window however many calls it holds, and none more while it stays spent.
    /// </summary>
    static int Band(int remaining, int limit)
    {
        var tenth = Math.Max(1, limit / 10);
        return remaining == 0 ? -1 : remaining >= tenth ? 100 + remaining / tenth : remaining / Math.Max(1, limit / 100);
    }

    public void Dispose() => meter.Dispose();
}
