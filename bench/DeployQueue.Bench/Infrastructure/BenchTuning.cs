using DeployQueue.Infrastructure.Postgres.Scheduling;
using MassTransit;
using Microsoft.Extensions.Options;

namespace DeployQueue.Bench.Infrastructure;

/// <summary>
/// Settings of the service that the bench may change, through <see cref="DeployQueue.Service.ServiceHost.Build"/>'s bus
/// hook and without touching src/, to measure a candidate fix before it is made. Unset means the service's own value.
/// </summary>
public sealed record BenchTuning
{
    /// <summary>How often the PostgreSQL scheduler looks for due messages (the service's default: 1 s).</summary>
    public TimeSpan? SchedulerPollInterval { get; init; }

    /// <summary>Prefetch of every receive endpoint (the service's: <see cref="DeployQueue.Service.Hosting.HostingProfiles.PrefetchCount"/>).</summary>
    public int? PrefetchCount { get; init; }

    /// <summary>Messages one endpoint consumes at once (MassTransit's default: the prefetch).</summary>
    public int? ConcurrentMessageLimit { get; init; }

    public bool IsDefault => this == new BenchTuning();

    public void Apply(IBusRegistrationConfigurator bus)
    {
        if (SchedulerPollInterval is { } poll)
        {
            // Registered after AddPostgresMessageScheduler's own options, so this one is resolved.
            var options = new PostgresSchedulerOptions { PollInterval = poll };
            bus.AddSingleton(Options.Create(options));
        }

        if (PrefetchCount is null && ConcurrentMessageLimit is null) return;
        bus.AddConfigureEndpointsCallback((_, _, endpoint) =>
        {
            if (PrefetchCount is { } prefetch && endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
                rabbit.PrefetchCount = prefetch;
            if (ConcurrentMessageLimit is { } limit)
                endpoint.ConcurrentMessageLimit = limit;
        });
    }

    public override string ToString() => IsDefault
        ? "service defaults"
        : string.Join(", ", new[]
        {
            SchedulerPollInterval is { } p ? $"scheduler poll {p.TotalMilliseconds:0} ms" : null,
            PrefetchCount is { } f ? $"prefetch {f}" : null,
            ConcurrentMessageLimit is { } c ? $"concurrency {c}" : null,
        }.OfType<string>());
}
