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
    public WebhookResult? Webhooks { get; set; }
    public TelemetryCostResult? Telemetry { get; set; }
    public MonitoringResult? Monitoring { get; set; }
    public StatusPageResult? StatusPage { get; set; }
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
            if (Webhooks is { Polling: var polled, Webhooks: var hooked })
            {
                var pollBound = (polled.PollInterval + TimeSpan.FromSeconds(1)).TotalMilliseconds;
                verdicts.Add(new Verdict($"polling: failed pipeline -> FixTaskRequested <= poll interval + 1 s ({pollBound:0} ms)",
                    $"p99 {polled.FailureToFixTask.P99:0} ms, max {polled.FailureToFixTask.Max:0} ms",
                    polled.FixTasks == polled.Deploys && polled.FailureToFixTask.Max <= pollBound));
                verdicts.Add(new Verdict("webhooks: failed pipeline -> FixTaskRequested p99 <= 2 s after the workflow_run delivery",
                    $"p99 {hooked.FailureToFixTask.P99:0} ms (polling every {polled.PollInterval.TotalSeconds:0.##} s: p99 {polled.FailureToFixTask.P99:0} ms)",
                    hooked.FixTasks == hooked.Deploys && hooked.FailureToFixTask.P99 <= 2000));
                verdicts.Add(new Verdict("webhooks: approval -> merge call p99 <= 1 s after the pull_request_review delivery",
                    $"p99 {hooked.ApprovalToMerge.P99:0} ms (polling: p99 {polled.ApprovalToMerge.P99:0} ms)",
                    hooked.ApprovalToMerge.Count == hooked.Deploys && hooked.ApprovalToMerge.P99 <= 1000));
                verdicts.Add(new Verdict("webhooks: rate-limit-spending GitHub calls per successful deploy not above polling's",
                    $"ready {hooked.ReadyCost.SpentPerDeploy:0.00} vs {polled.ReadyCost.SpentPerDeploy:0.00}, " +
                    $"approved at the gate {hooked.ApprovalCost.SpentPerDeploy:0.00} vs {polled.ApprovalCost.SpentPerDeploy:0.00}",
                    hooked.ReadyCost.SpentPerDeploy <= polled.ReadyCost.SpentPerDeploy
                    && hooked.ApprovalCost.SpentPerDeploy <= polled.ApprovalCost.SpentPerDeploy));
            }
            if (Telemetry is { } telemetry)
                verdicts.Add(new Verdict("metrics and tracing on cost <= 5 % of throughput (issue 18)",
                    $"{telemetry.ThroughputCost:P1} of deploys/s (median of {telemetry.Rounds.Count} rounds; " +
                    $"{telemetry.ThroughputCostOfMeans:P1} by the means); the service's CPU per deploy {telemetry.CpuCost:+0.0 %;-0.0 %}",
                    telemetry.ThroughputCost <= 0.05 && telemetry.AllFinished));
            if (Monitoring is { } watched)
                verdicts.Add(new Verdict($"monitoring: bound crossed -> FixTaskRequested <= interval x FailureLimit + 1 s ({watched.BoundMs:0} ms)",
                    $"p99 {watched.Detection.P99:0} ms, max {watched.Detection.Max:0} ms",
                    watched.FixTasks == watched.Degraded && watched.Detection.Max <= watched.BoundMs));
            if (StatusPage is { } status)
                foreach (var endpoint in status.Endpoints.Where(e => e.Path is "/" or "/api/deploys"))
                    verdicts.Add(new Verdict($"{endpoint.Path} with {status.Deploys:N0} deploys in {status.Lanes} lanes: p95 <= 100 ms (issue 19)",
                        $"p95 {endpoint.Latency.P95:0} ms", endpoint.Latency.P95 <= 100));
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
        static string Calls(GitHubCost cost, string per) =>
            $"{F(cost.SpentPerDeploy, "0.00")} spent + {F(cost.NotModifiedPerDeploy, "0.00")} 304 (free) per {per}";

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
        if (Monitoring is { } mon)
        {
            const string section = "monitoring (service process)";
            Row(section, $"{mon.Lanes} lanes, every {F(mon.Interval.TotalSeconds, "0.##")} s for {F(mon.Window.TotalSeconds, "0")} s",
                $"{mon.Succeeded} deploys succeeded; {mon.Stable} Stable, {mon.FixTasks} fix tasks of {mon.Degraded} degraded");
            Row(section, "service CPU, cores: idle / monitoring", $"{F(mon.IdleCores, "0.00")} / {F(mon.MonitoringCores, "0.00")}");
            Row(section, "CPU meanwhile (cores of " + Environment.ProcessorCount + ")", Cpu(mon.Machine));
            Row(section, $"bound crossed -> FixTaskRequested (FailureLimit {mon.FailureLimit})", mon.Detection.ToString());
            Row(section, "observed interval of the Stable lanes (window / intervals judged)", mon.ObservedInterval.ToString());
        }
        if (StatusPage is { } sp)
        {
            var section = $"status page ({sp.Deploys:N0} deploys, {sp.Lanes} lanes)";
            foreach (var endpoint in sp.Endpoints)
                Row(section, $"GET {endpoint.Path} ({endpoint.Bytes / 1024.0:0} KiB)", endpoint.Latency.ToString());
            Row(section, "CPU (cores of " + Environment.ProcessorCount + ")", Cpu(sp.Cpu));
        }
        if (Webhooks is { } wh)
            foreach (var mode in new[] { wh.Polling, wh.Webhooks })
            {
                var section = mode.Webhooks ? "webhooks (poll 1 h)" : $"polling (poll {F(mode.PollInterval.TotalSeconds, "0.##")} s)";
                Row(section, $"ready deploys: GitHub calls ({mode.ReadySucceeded} of {mode.Deploys} succeeded)", Calls(mode.ReadyCost, "deploy"));
                Row(section, "approval at the gate -> merge call", mode.ApprovalToMerge.ToString());
                Row(section, $"approved at the gate: GitHub calls ({mode.ApprovedSucceeded} of {mode.Deploys} succeeded)",
                    Calls(mode.ApprovalCost, "deploy"));
                Row(section, "pipeline failed -> FixTaskRequested", mode.FailureToFixTask.ToString());
                Row(section, $"failed pipelines: GitHub calls ({mode.FixTasks} fix tasks)", Calls(mode.FailureCost, "fix task"));
                Row(section, "webhook deliveries sent (not answered 2xx)", $"{mode.DeliveriesSent:N0} ({mode.DeliveriesRefused:N0})");
            }

        if (Telemetry is { } tc)
        {
            Row("telemetry", "first run, not counted (off)",
                $"{F(tc.WarmUp.DeploysPerSecond)} deploys/s, service CPU per deploy {F(tc.WarmUp.ServiceCpuMsPerDeploy)} ms");
            Row("telemetry", "cost per round (off on, on off, ...)", string.Join("; ", tc.Rounds.Select(r => string.Create(CultureInfo.InvariantCulture,
                $"{r.ThroughputCost:P1} of deploys/s, CPU per deploy {r.CpuCost:+0.0 %;-0.0 %}"))));
            foreach (var (label, runs) in new[] { ("off", tc.Off), ("on", tc.On) })
            {
                var section = $"telemetry {label}";
                Row(section, "deploys/s (by round)", string.Join(", ", runs.Select(r => F(r.DeploysPerSecond))) +
                    $"; mean {F(runs.Average(r => r.DeploysPerSecond))}" + (runs.Any(r => r.NotFinished > 0) ? ", NOT ALL FINISHED" : ""));
                Row(section, "service CPU per deploy (ms)", string.Join(", ", runs.Select(r => F(r.ServiceCpuMsPerDeploy))) +
                    $"; mean {F(runs.Average(r => r.ServiceCpuMsPerDeploy))}");
                Row(section, "GitHub calls", string.Join("; ", runs.Select(r => Calls(r.GitHub, "deploy"))));
                Row(section, "CPU (cores of " + Environment.ProcessorCount + ")", string.Join("; ", runs.Select(r => string.Create(CultureInfo.InvariantCulture,
                    $"service {r.ServiceCores:0.00}, RabbitMQ + PostgreSQL {r.Cpu.BrokerAndDatabaseCores:0.00}, other load {r.OtherCores:0.00}"))));
            }
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
