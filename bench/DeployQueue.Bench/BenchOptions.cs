using System.Globalization;
using DeployQueue.Bench.Infrastructure;

namespace DeployQueue.Bench;

/// <summary>The bench's command line (bench/README.md lists every option).</summary>
public sealed record BenchOptions
{
    public static readonly string[] AllMeasurements =
        ["ceiling", "throughput", "claim", "scale", "detection", "memory", "webhooks", "telemetry", "monitoring", "statuspage"];

    public int Deploys { get; init; } = 1000;
    public int? RepositoriesOption { get; init; }
    public int Repositories => RepositoriesOption ?? Math.Max(1, Deploys / 10);
    public double Rate { get; init; } = 100;
    public int? RateDeploysOption { get; init; }
    public int RateDeploys => RateDeploysOption ?? Deploys;
    public int? WaitingOption { get; init; }
    public int Waiting => WaitingOption ?? 10 * Deploys;
    public int WaitingLanes { get; init; } = 100;
    public int? CeilingMessagesOption { get; init; }
    public int CeilingMessages => CeilingMessagesOption ?? Math.Max(5000, 10 * Deploys);
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan FailsAfter { get; init; } = TimeSpan.FromSeconds(3);
    public int Detections { get; init; } = 20;
    public int WebhookDeploys { get; init; } = 30;
    public int TelemetryRounds { get; init; } = 5;
    public int MonitoredLanes { get; init; } = 100;
    public int Degrading { get; init; } = 20;
    public TimeSpan MonitorWindow { get; init; } = TimeSpan.FromMinutes(1);
    public int History { get; init; } = 10_000;
    public int StatusLanes { get; init; } = 100;
    public int StatusRequests { get; init; } = 200;
    public TimeSpan Bound { get; init; } = TimeSpan.FromMinutes(10);
    public IReadOnlySet<string> Measurements { get; init; } = AllMeasurements.ToHashSet();
    public BenchTuning Tuning { get; init; } = new();
    public string? Output { get; init; }

    public bool Runs(string measurement) => Measurements.Contains(measurement);

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value");
            int Int() => int.Parse(Value(), CultureInfo.InvariantCulture);
            TimeSpan Duration() => TimeSpan.Parse(Value(), CultureInfo.InvariantCulture);
            options = name switch
            {
                "--deploys" => options with { Deploys = Int() },
                "--repositories" => options with { RepositoriesOption = Int() },
                "--rate" => options with { Rate = double.Parse(Value(), CultureInfo.InvariantCulture) },
                "--rate-deploys" => options with { RateDeploysOption = Int() },
                "--waiting" => options with { WaitingOption = Int() },
                "--waiting-lanes" => options with { WaitingLanes = Int() },
                "--ceiling-messages" => options with { CeilingMessagesOption = Int() },
                "--poll-interval" => options with { PollInterval = Duration() },
                "--fails-after" => options with { FailsAfter = Duration() },
                "--detections" => options with { Detections = Int() },
                "--webhook-deploys" => options with { WebhookDeploys = Int() },
                "--telemetry-rounds" => options with { TelemetryRounds = Int() },
                "--monitored-lanes" => options with { MonitoredLanes = Int() },
                "--degrading" => options with { Degrading = Int() },
                "--monitor-window" => options with { MonitorWindow = Duration() },
                "--history" => options with { History = Int() },
                "--status-lanes" => options with { StatusLanes = Int() },
                "--status-requests" => options with { StatusRequests = Int() },
                "--bound" => options with { Bound = Duration() },
                "--only" => options with { Measurements = Value().Split(',', StringSplitOptions.TrimEntries).ToHashSet() },
                "--scheduler-poll" => options with { Tuning = options.Tuning with { SchedulerPollInterval = Duration() } },
                "--prefetch" => options with { Tuning = options.Tuning with { PrefetchCount = Int() } },
                "--concurrency" => options with { Tuning = options.Tuning with { ConcurrentMessageLimit = Int() } },
                "--out" => options with { Output = Value() },
                _ => throw new ArgumentException($"unknown option {name} (see bench/README.md)"),
            };
        }
        var unknown = options.Measurements.Except(AllMeasurements).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"--only knows {string.Join(", ", AllMeasurements)}, not {string.Join(", ", unknown)}");
        if (options.Deploys < 1 || options.Repositories < 1 || options.Rate <= 0)
            throw new ArgumentException("--deploys, --repositories and --rate must be positive");
        return options;
    }
}
