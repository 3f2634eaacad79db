namespace DeployQueue.Simulators.Target;

/// <summary>
/// What is wrong with the simulated service, applied to every endpoint. Request counts start when the faults
/// are set (or when a deploy lands), so "after N requests" means N requests from that moment.
/// </summary>
public sealed record TargetFaults
{
    public static readonly TargetFaults None = new();

    /// <summary>The service is down behind its load balancer: every request answers 503.</summary>
    public bool Unavailable { get; init; }

    /// <summary>Every request answers 500 with <see cref="ServerErrorBody"/>.</summary>
    public bool ServerError { get; init; }

    public string ServerErrorBody { get; init; } =
        "Unhandled exception. System.InvalidOperationException: simulated failure\n   at Target.Api.Handle(HttpContext context)";

    /// <summary>Added before every answer (performance degradation), or before the first <see cref="SlowRequests"/> only.</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>Only the first this-many requests are slowed by <see cref="Latency"/>, then answers come at once: a passing pause.</summary>
    public int? SlowRequests { get; init; }

    /// <summary>After this many requests the process "dies": later requests have their connection dropped unanswered.</summary>
    public int? CrashAfterRequests { get; init; }

    /// <summary>The first this-many requests answer 503 while the service starts up; then it is healthy.</summary>
    public int? HealthyAfterRequests { get; init; }
}
