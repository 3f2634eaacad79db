using System.Diagnostics.Metrics;
using DeployQueue.Domain.StateMachines;
using DeployQueue.Domain.Telemetry;
using MassTransit;
using MassTransit.Saga;

namespace DeployQueue.Service.Telemetry;

/// <summary>
/// The gauge <c>deployqueue.lane.waiting</c>: deploys queued behind each lane's holder. Read from the lane sagas in the
/// saga store now and then rather than counted from this instance's transitions, which another instance may have
/// changed since; so every replica reports the same figure (graph it with <c>max</c>, not <c>sum</c>).
/// </summary>
public sealed class LaneQueueMetrics : BackgroundService
{
    /// <summary>Prometheus' default scrape interval: fresher figures would not be seen.</summary>
    static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    readonly IServiceScopeFactory scopes;
    readonly ILogger<LaneQueueMetrics> logger;
    readonly Meter meter = new(DeployQueueMeter.Name);
    IReadOnlyList<Measurement<int>> waiting = [];

    public LaneQueueMetrics(IServiceScopeFactory scopes, ILogger<LaneQueueMetrics> logger)
    {
        this.scopes = scopes;
        this.logger = logger;
        meter.CreateObservableGauge("deployqueue.lane.waiting", () => Volatile.Read(ref waiting), "{deploy}",
            "Deploys queued for a lane behind the one holding it, by repository and target");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The first read waits an interval too: at start the store may still be migrating.
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                Volatile.Write(ref waiting, await ReadLanes(stoppingToken));
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The last figures stay until the store answers again: a gap in the graph would read as an empty queue.
                logger.LogWarning(e, "Could not read the lanes for the lane.waiting metric");
            }
        }
    }

    async Task<IReadOnlyList<Measurement<int>>> ReadLanes(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var query = scope.ServiceProvider.GetRequiredService<IQuerySagaRepository<LaneState>>();
        var load = scope.ServiceProvider.GetRequiredService<ILoadSagaRepository<LaneState>>();
        var measurements = new List<Measurement<int>>();
        foreach (var id in await query.Find(new SagaQuery<LaneState>(_ => true)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await load.Load(id) is { } lane)
                measurements.Add(new Measurement<int>(lane.Waiting.Count,
                    new("repository", lane.Repository), new("target", lane.Target)));
        }
        return measurements;
    }

    public override void Dispose()
    {
        meter.Dispose();
        base.Dispose();
    }
}
