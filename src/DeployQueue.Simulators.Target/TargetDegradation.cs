namespace DeployQueue.Simulators.Target;

/// <summary>
/// How the simulated service gets worse over time, counted from when it is scripted (<see cref="TargetSimulator.Degrade"/>):
/// what a bad release does after its smoke tests passed. Every figure grows linearly with the seconds since then.
/// </summary>
public sealed record TargetDegradation
{
    public static readonly TargetDegradation None = new();

    /// <summary>Added to every answer per second elapsed: 100 ms means 1 s slower after ten seconds.</summary>
    public TimeSpan LatencyGrowthPerSecond { get; init; }

    /// <summary>Where the grown latency stops growing (a service that got slow, not one that hangs); none by default.</summary>
    public TimeSpan? LatencyGrowthCeiling { get; init; }

    /// <summary>The fraction of requests answered 500, per second elapsed (capped at all of them).</summary>
    public double ErrorRateGrowthPerSecond { get; init; }

    /// <summary>Resident memory gained per second, as /metrics reports it.</summary>
    public long MemoryGrowthBytesPerSecond { get; init; }

    /// <summary>From this long on, the process crashes and restarts over and over: requests are dropped unanswered and
    /// /metrics counts a restart a second.</summary>
    public TimeSpan? CrashLoopAfter { get; init; }

    /// <summary>From this long on, the version endpoint serves the version that ran before the last <see cref="TargetSimulator.Land"/>
    /// again (an orchestrator that put the old replicas back).</summary>
    public TimeSpan? VersionFlipsBackAfter { get; init; }

    /// <summary>Only the requests the canary answers degrade (<see cref="TargetSimulator.Split"/>): the stable version stays healthy.</summary>
    public bool CanaryOnly { get; init; }
}
