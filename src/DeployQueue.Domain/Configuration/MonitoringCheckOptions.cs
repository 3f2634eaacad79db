using DeployQueue.Contracts;

namespace DeployQueue.Domain.Configuration;

/// <summary>
/// One monitoring check. `Http`: <see cref="Requests"/> requests to <see cref="Path"/> each interval, each expecting
/// <see cref="ExpectStatus"/>, their p95 latency within <see cref="MaxLatencyMs"/>, and optionally the number at
/// <see cref="JsonPath"/> in the body within <see cref="Min"/>/<see cref="Max"/>. `Prometheus`: <see cref="Query"/>, one
/// value, within <see cref="Min"/>/<see cref="Max"/>.
/// </summary>
public sealed class MonitoringCheckOptions
{
    public MonitoringCheckType Type { get; set; } = MonitoringCheckType.Http;

    /// <summary>The check's name in samples, fix tasks and announcements; default: its path or query.</summary>
    public string? Name { get; set; }

    public string Path { get; set; } = "/health";
    public int ExpectStatus { get; set; } = 200;
    public int? MaxLatencyMs { get; set; }

    /// <summary>How many requests one interval sends (all at the interval's start): the p95 is over these.</summary>
    public int Requests { get; set; } = 5;

    /// <summary>Dot-separated path to a number in the JSON body (a service's own /metrics.json), judged by Min/Max.</summary>
    public string? JsonPath { get; set; }

    public string? Query { get; set; }
    public double? Min { get; set; }
    public double? Max { get; set; }

    /// <summary>The fix task a breached bound makes (a restart count: ServiceCrash). Default PerformanceDegradation.</summary>
    public FixTaskKind FixTask { get; set; } = FixTaskKind.PerformanceDegradation;

    public string DisplayName => Name ?? (Type == MonitoringCheckType.Prometheus ? Query ?? "" : $"GET {Path}");
}
