using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeployQueue.Bench.Reporting;

/// <summary>Everything one bench run measured, as printed and as written to JSON.</summary>
public sealed record BenchReport
{
    public DateTimeOffset Date { get; init; } = DateTimeOffset.UtcNow;
    public string Machine { get; init; } = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}";
    public required BenchOptions Options { get; init; }
    public CeilingResult? Ceiling { get; set; }
    public ThroughputResult? OneInstance { get; set; }
    public ThroughputResult? TwoInstances { get; set; }
    public ClaimLatencyResult? ClaimAtRate { get; set; }
    public DetectionResult? Detection { get; set; }
    public WaitingMemoryResult? WaitingMemory { get; set; }
    public double TotalSeconds { get; set; }

    public IReadOnlyList<Verdict> Verdicts
    {
        get
        {
            var verdicts = new List<Verdict>();
            if (Ceiling is { } ceiling && OneInstance is { } one)
            {
                var ratio = one.SagaTransitionsPerSecond / ceiling.MessagesPerSecond;
                verdicts.Add(new Verdict("saga transitions/s >= 50 % of a bare consumer's messages/s",
                    $"{one.SagaTransitionsPerSecond:0} / {ceiling.MessagesPerSecond:0} = {ratio:P0}", ratio >= 0.5));
            }
            if (ClaimAtRate is { } claim)
                verdicts.Add(new Verdict($"claim p99 <= 50 ms at {claim.TargetRatePerSecond:0} deploys/s",
                    $"p99 {claim.Claim.P99:0} ms", claim.Claim.P99 <= 50 && claim.Claimed == claim.Deploys));
            if (OneInstance is { } cost)
                verdicts.Add(new Verdict("<= 6 rate-limit-spending GitHub calls per successful deploy",
                    $"{cost.GitHub.SpentPerDeploy:0.00} (+ {cost.GitHub.NotModifiedPerDeploy:0.00} free 304s)", cost.GitHub.SpentPerDeploy <= 6));
            if (Detection is { } detection)
                verdicts.Add(new Verdict($"failed pipeline -> FixTaskRequested <= poll interval + 1 s ({detection.BoundMs:0} ms)",
                    $"p99 {detection.Detection.P99:0} ms, max {detection.Detection.Max:0} ms",
                    detection.Detection.Count == detection.Deploys && detection.Detection.Max <= detection.BoundMs));
            if (WaitingMemory is { } memory)
                verdicts.Add(new Verdict($"one instance holding {memory.Waiting:N0} waiting deploys < 300 MB resident",
                    $"peak {memory.PeakResidentMb:0} MB", memory.PeakResidentMb < 300 && memory.Claimed == memory.Waiting));
            return verdicts;
        }
    }

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    static string Cpu(CpuUse cpu) => string.Create(CultureInfo.InvariantCulture,
        $"bench process {cpu.BenchProcessCores:0.00}, RabbitMQ + PostgreSQL {cpu.BrokerAndDatabaseCores:0.00}, other load {cpu.OtherCores:0.00}");

    public string ToTable()
    {
        var rows = new List<(string Section, string Metric, string Value)>();
        void Row(string section, string metric, string value) => rows.Add((section, metric, value));
        static string F(double v, string format = "0.0") => v.ToString(format, CultureInfo.InvariantCulture);

        if (Ceiling is { } c)
            Row("ceiling", "bare consumer, durable, confirms, prefetch 64",
                $"{F(c.MessagesPerSecond, "0")} msg/s ({c.Messages:N0} in {F(c.Seconds, "0.00")} s)");
        foreach (var t in new[] { OneInstance, TwoInstances }.OfType<ThroughputResult>())
        {
            var section = $"end-to-end, {t.Instances} instance{(t.Instances > 1 ? "s" : "")}";
            Row(section, "deploys", $"{t.Succeeded:N0} succeeded of {t.Deploys:N0} over {t.Repositories} repositories, {F(t.Seconds, "0.0")} s" +
                (t.NotFinished > 0 ? $", {t.NotFinished} NOT FINISHED" : "") + (t.FaultedMessages > 0 ? $", {t.FaultedMessages} messages FAULTED" : ""));
            Row(section, "deploys/s", F(t.DeploysPerSecond, "0.0"));
            Row(section, "saga transitions/s (deploy + lane events)", $"{F(t.SagaTransitionsPerSecond, "0")} ({t.SagaTransitions:N0})");
            Row(section, "deploy state changes/s (history rows)", $"{F(t.StateChangesPerSecond, "0")} ({t.StateChanges:N0})");
            Row(section, "request -> claimed (Started)", t.Claimed.ToString());
            Row(section, "request -> merged", t.Merged.ToString());
            Row(section, "request -> succeeded", t.SucceededLatency.ToString());
            Row(section, "GitHub calls per deploy", $"{F(t.GitHub.SpentPerDeploy, "0.00")} spent + {F(t.GitHub.NotModifiedPerDeploy, "0.00")} 304 (free)");
            Row(section, "PostgreSQL commands per saga transition",
                $"{F(t.Database.CommandsPerSagaTransition, "0.0")} ({t.Database.Conflicts:N0} concurrency conflicts retried)");
            Row(section, "CPU (cores of " + Environment.ProcessorCount + ")", Cpu(t.Cpu));
            Row(section, "messages per deploy by queue (mean consume ms)", string.Join(", ",
                t.ConsumedByQueue.Select(q => string.Create(CultureInfo.InvariantCulture, $"{q.Queue} {q.PerDeploy:0.#} ({q.MeanMs:0} ms)"))));
        }
        if (OneInstance is { } one && TwoInstances is { } two)
            Row("scale", "2 instances / 1 instance (deploys/s)", $"x{F(two.DeploysPerSecond / one.DeploysPerSecond, "0.00")}");
        if (ClaimAtRate is { } r)
        {
            Row("claim at a fixed rate", "published",
                $"{r.Deploys:N0} at {F(r.AchievedRatePerSecond, "0")}/s (asked {F(r.TargetRatePerSecond, "0")}/s); {r.Claimed:N0} claimed");
            Row("claim at a fixed rate", "request -> claimed (Started)", r.Claim.ToString());
            Row("claim at a fixed rate", "CPU (cores of " + Environment.ProcessorCount + ")", Cpu(r.Cpu));
        }
        if (Detection is { } d)
            Row("detection", $"pipeline failed -> FixTaskRequested (poll {F(d.PollInterval.TotalSeconds, "0.##")} s)", d.Detection.ToString());
        if (WaitingMemory is { } m)
        {
            Row("memory (service process)", $"{m.Waiting:N0} deploys waiting in {m.Lanes} lanes",
                $"{m.Claimed:N0} claimed in {F(m.SecondsToClaimAll, "0.0")} s");
            Row("memory (service process)", "resident MB: idle / peak / settled",
                $"{F(m.IdleResidentMb, "0")} / {F(m.PeakResidentMb, "0")} / {F(m.SettledResidentMb, "0")}");
            Row("memory (service process)", "largest lane row (Waiting jsonb)", $"{m.LaneRowBytes / 1024.0:0} KiB");
        }

        var text = new StringBuilder();
        if (Ceiling is { } cc)
            rows.Insert(1, ("ceiling", "CPU (cores of " + Environment.ProcessorCount + ")", Cpu(cc.Cpu)));

        text.AppendLine($"Deploy Queue bench, {Date:yyyy-MM-dd HH:mm} UTC, {Machine}, {F(TotalSeconds, "0")} s, tuning: {Options.Tuning}");
        var w1 = Math.Max(8, rows.Select(x => x.Section.Length).DefaultIfEmpty().Max());
        var w2 = Math.Max(8, rows.Select(x => x.Metric.Length).DefaultIfEmpty().Max());
        foreach (var (section, metric, value) in rows)
            text.AppendLine($"{section.PadRight(w1)}  {metric.PadRight(w2)}  {value}");
        text.AppendLine();
        text.AppendLine("DESIGN.md §10 targets:");
        foreach (var verdict in Verdicts)
            text.AppendLine($"  [{(verdict.Met ? "met" : "MISSED")}] {verdict.Target}: {verdict.Measured}");
        return text.ToString();
    }
}
