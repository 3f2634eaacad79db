using System.Diagnostics;
using DeployQueue.Bench;
using DeployQueue.Bench.Infrastructure;
using DeployQueue.Bench.Measurements;
using DeployQueue.Bench.Reporting;

// bench/README.md: what each measurement does and means.
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

// Every host of the run (a hundred target simulators, the service instances) would otherwise watch its
// configuration files, one inotify instance each, and root's limit (128 on this machine) is shared with everything else.
Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");

var clock = Stopwatch.StartNew();
var report = new BenchReport { Options = options };
void Progress(string step) => Console.WriteLine($"[{clock.Elapsed:mm\\:ss}] {step}");

using var database = new DatabaseActivity();
await using var world = await SimulatedWorld.Start(options.Repositories);
Progress($"GitHub simulator and {options.Repositories} target simulators up");

if (options.Runs("ceiling"))
{
    Progress($"ceiling: {options.CeilingMessages:N0} messages through a bare consumer");
    await using var environment = await BenchEnvironment.Create();
    report.Ceiling = await CeilingBenchmark.Run(environment, options.CeilingMessages);
}
if (options.Runs("throughput"))
{
    Progress($"end-to-end: {options.Deploys:N0} deploys, 1 instance");
    report.OneInstance = await ThroughputBenchmark.Run(world, 1, options.Deploys, options.PollInterval, options.Tuning, database, options.Bound);
}
if (options.Runs("scale"))
{
    Progress($"end-to-end: {options.Deploys:N0} deploys, 2 instances");
    report.TwoInstances = await ThroughputBenchmark.Run(world, 2, options.Deploys, options.PollInterval, options.Tuning, database, options.Bound);
}
if (options.Runs("claim"))
{
    Progress($"claim latency: {options.RateDeploys:N0} deploys at {options.Rate}/s");
    report.ClaimAtRate = await ClaimLatencyBenchmark.Run(world, options.Rate, options.RateDeploys, options.PollInterval, options.Tuning, options.Bound);
}
if (options.Runs("detection"))
{
    Progress($"detection: {options.Detections} pipelines failing {options.FailsAfter.TotalSeconds:0.#} s after their merge");
    report.Detection = await DetectionLatencyBenchmark.Run(world, options.Detections, options.PollInterval, options.FailsAfter, options.Tuning, options.Bound);
}
if (options.Runs("telemetry"))
{
    Progress($"telemetry: a first run not counted, then {options.TelemetryRounds} rounds of {options.Deploys:N0} deploys through one service " +
        "process, OpenTelemetry off and on");
    report.Telemetry = await TelemetryCostBenchmark.Run(options.Repositories, options.Deploys, options.TelemetryRounds, options.PollInterval, options.Bound);
}
if (options.Runs("memory"))
{
    var lanes = Math.Min(options.WaitingLanes, options.Repositories);
    Progress($"memory: one service process, {options.Waiting:N0} deploys waiting in {lanes} lanes");
    report.WaitingMemory = await WaitingMemoryBenchmark.Run(world, options.Waiting, lanes, options.Bound);
}
if (options.Runs("monitoring"))
{
    var lanes = Math.Min(options.MonitoredLanes, options.Repositories);
    Progress($"monitoring: one service process watching {lanes} lanes every second for {options.MonitorWindow.TotalSeconds:0} s, " +
        $"{options.Degrading} degrading");
    report.Monitoring = await MonitoringBenchmark.Run(world, lanes, options.Degrading, options.MonitorWindow, options.Bound);
}
if (options.Runs("statuspage"))
{
    var lanes = Math.Min(options.StatusLanes, options.Repositories);
    Progress($"status page: {options.History:N0} deploys in {lanes} lanes, {options.StatusRequests} requests per endpoint");
    report.StatusPage = await StatusPageBenchmark.Run(world, options.History, lanes, options.StatusRequests, options.Tuning);
}
if (options.Runs("webhooks"))
{
    // Last: once the simulator delivers webhooks it cannot stop, and the measurements above poll.
    Progress($"webhooks: {Math.Min(options.WebhookDeploys, options.Repositories)} deploys per scenario, polling then webhooks");
    report.Webhooks = await WebhookBenchmark.Run(world, options.WebhookDeploys, options.PollInterval, options.FailsAfter, options.Tuning, options.Bound);
}

report.TotalSeconds = clock.Elapsed.TotalSeconds;
var output = options.Output ?? Path.Combine(ResultsFolder(), $"bench-{report.Date:yyyyMMdd-HHmmss}.json");
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
await File.WriteAllTextAsync(output, report.ToJson());
Console.WriteLine();
Console.Write(report.ToTable());
Console.WriteLine($"JSON: {output}");
return 0;

// bench/results/ of the checkout the bench was built in (git-ignored), wherever it is started from.
static string ResultsFolder()
{
    for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        if (File.Exists(Path.Combine(folder.FullName, "DeployQueue.sln")))
            return Path.Combine(folder.FullName, "bench", "results");
    return Path.Combine(Directory.GetCurrentDirectory(), "bench-results");
}
