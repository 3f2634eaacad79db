namespace DeployQueue.Infrastructure.Postgres.Scheduling;

public class PostgresSchedulerOptions
{
    /// <summary>The queue that receives ScheduleMessage / CancelScheduledMessage: the bus's scheduler address.</summary>
    public string QueueName { get; set; } = "scheduler";

    /// <summary>How often due messages are looked for; a due message waits at most this long.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many due messages one poll claims and sends in one transaction.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>How long a cancellation is remembered, so that its schedule arriving late is dropped.</summary>
    public TimeSpan CancellationRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How long a message that could not be sent waits before the next try.</summary>
    public TimeSpan SendRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one send of a due message may take before it counts as failed (a publisher confirm lost with its
    /// connection never comes).</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
