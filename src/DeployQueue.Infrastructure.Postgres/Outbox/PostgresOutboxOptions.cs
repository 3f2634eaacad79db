namespace DeployQueue.Infrastructure.Postgres.Outbox;

public class PostgresOutboxOptions
{
    /// <summary>
    /// How old an outbox row must be before the delivery service sends it: younger rows are being delivered by
    /// the consumer that wrote them, right after its commit. Older ones were left by an instance that died.
    /// </summary>
    public TimeSpan OrphanAge { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the delivery service looks for orphaned rows.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many rows the delivery service sends in one transaction.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>How long a consumed message is recognised when it is delivered again.</summary>
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How long the delivery of a consumed message's rows, or the delivery service's send of one row, may take before it
    /// counts as failed and is tried again (a publisher confirm lost with its connection never comes).
    /// </summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often inbox rows older than <see cref="InboxRetention"/> are deleted.</summary>
    public TimeSpan InboxCleanupInterval { get; set; } = TimeSpan.FromMinutes(10);
}
