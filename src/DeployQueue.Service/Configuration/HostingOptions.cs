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

    /// <summary>
    /// The other nodes of a RabbitMQ cluster, each <c>host</c> or <c>host:port</c>. The service connects to the host of
    /// <c>ConnectionStrings:RabbitMq</c> first and, each time it reconnects, to the next node in turn; user, password and
    /// virtual host are the URI's. Empty: that host alone.
    /// </summary>
    public List<string> RabbitMqClusterNodes { get; set; } = [];

    /// <summary>
    /// Every queue the service declares (its endpoints', their error and skipped queues, the downstream ones) is a
    /// quorum queue: replicated on the cluster's nodes, it outlives any one of them. The choice is the broker's to keep: a
    /// queue cannot change type, so switching needs the queues deleted while empty.
    /// </summary>
    public bool QuorumQueues { get; set; }
}
