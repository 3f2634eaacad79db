namespace DeployQueue.Service.Configuration;

/// <summary>The `Hosting` section: where the service keeps its messages and its saga state.</summary>
public sealed class HostingOptions
{
    public const string SectionName = "Hosting";

    /// <summary>
    /// false (the service): RabbitMQ, PostgreSQL, the PostgreSQL-backed scheduler; any number of instances.
    /// true (the demo, a laptop): MassTransit's in-memory transport, an in-process saga store and scheduler;
    /// one process, nothing survives it.
    /// </summary>
    public bool Embedded { get; set; }

    /// <summary>Stop (draining first) when the service's own binaries change on disk, so a supervisor restarts it on the new code.</summary>
    public bool ExitOnBinaryChange { get; set; } = true;

    /// <summary>
    /// How often the PostgreSQL scheduler looks for due timeouts and re-checks: their precision. At 1 s a failed
    /// pipeline took up to poll interval + 1.3 s to become a fix task; at 100 ms at most + 0.2 s (bench/README.md, fix 2),
    /// for one indexed query per 100 ms per instance.
    /// </summary>
    public TimeSpan SchedulerPollInterval { get; set; } = TimeSpan.FromMilliseconds(100);
}
