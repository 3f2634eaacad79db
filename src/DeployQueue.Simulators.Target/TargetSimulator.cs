using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace DeployQueue.Simulators.Target;

/// <summary>
/// One simulated deploy target (a service behind a base URL) on 127.0.0.1 and a free port: <see cref="HealthPath"/>,
/// <see cref="VersionPath"/> and any API endpoints mapped with <see cref="MapApi"/>. Scripted from C#: the version it
/// runs (<see cref="Land"/>, when a deploy reaches it; <see cref="Split"/>, two versions by weight, as a canary step runs them),
/// its faults (<see cref="SetFaults"/>, <see cref="StopAsync"/> for connection refused) and how it degrades over time
/// (<see cref="Degrade"/>, the canary only if so scripted). <see cref="MetricsPath"/> serves its figures in Prometheus's text
/// format, for a Prometheus to scrape. Run one simulator per named target.
/// </summary>
public sealed class TargetSimulator : IAsyncDisposable
{
    public const string HealthPath = "/health";
    public const string VersionPath = "/version";

    /// <summary>Mapped on every simulator, as DESIGN.md's sample configuration checks it.</summary>
    public const string ProductsPath = "/api/products";

    /// <summary>Prometheus's text format: requests by status, a latency histogram, memory, restarts, the running version.
    /// Never faulty nor degraded itself, and not counted as a request of the service.</summary>
    public const string MetricsPath = "/metrics";

    static readonly double[] LatencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    const long BaseMemoryBytes = 64L * 1024 * 1024;

    readonly WebApplication app;
    readonly Lock gate = new();
    readonly Dictionary<(string Method, string Path), SimulatedResponse> api = [];
    string runningVersion;
    string? previousVersion;
    /// <summary>The percent of requests <see cref="runningVersion"/> answers; the rest <see cref="previousVersion"/> answers.</summary>
    int canaryWeight = 100;
    int routed;
    TargetFaults faults = TargetFaults.None;
    TargetDegradation degradation = TargetDegradation.None;
    long degradingSince = Stopwatch.GetTimestamp();
    int requestsSinceScripted;
    int requestCount;
    /// <summary>Answers by the version that gave them (the canary's or the stable one's, during a canary step) and their status.</summary>
    readonly Dictionary<(string Version, int Status), long> answered = [];
    readonly long[] latencyBucketCounts = new long[LatencyBuckets.Length];
    double latencySecondsSum;
    long latencyCount;

    TargetSimulator(string name, string runningVersion, WebApplication app)
    {
        Name = name;
        this.runningVersion = runningVersion;
        this.app = app;
        app.Run(Answer);
        MapApi("GET", ProductsPath, new SimulatedResponse(200, """{"status":"ok","items":[{"id":1,"name":"Widget"}]}"""));
    }

    public string Name { get; }

    /// <summary>"http://127.0.0.1:{port}/", known once started.</summary>
    public string BaseUrl { get; private set; } = "";

    public VersionFormat VersionFormat { get; set; } = VersionFormat.Json;

    public string RunningVersion { get { lock (gate) return runningVersion; } }

    /// <summary>Every request received since start, answered or not.</summary>
    public int RequestCount => Volatile.Read(ref requestCount);

    public static async Task<TargetSimulator> StartAsync(string name, string runningVersion, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(
            new WebApplicationOptions { Args = [], ApplicationName = typeof(TargetSimulator).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        // An explicit endpoint overrides any ASPNETCORE_URLS of the hosting process.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var simulator = new TargetSimulator(name, runningVersion, builder.Build());
        await simulator.app.StartAsync(cancellationToken);
        simulator.BaseUrl = simulator.app.Urls.Single().TrimEnd('/') + "/";
        return simulator;
    }

    /// <summary>
    /// The service's configuration of a target served by this simulator, as keys under `DeployQueue:Targets:{target}`:
    /// its URL, environment, and the health, API and version checks the simulator answers. What is the caller's to
    /// choose (trigger, workflow, timeouts, approvals) is left out.
    /// </summary>
    public Dictionary<string, string?> ServiceSettings(string target)
    {
        var key = $"DeployQueue:Targets:{target}:";
        return new Dictionary<string, string?>
        {
            [key + "Environment"] = target,
            [key + "BaseUrl"] = BaseUrl,
            [key + "HealthChecks:0:Path"] = HealthPath,
            [key + "HealthChecks:0:ExpectStatus"] = "200",
            [key + "SmokeTests:0:Method"] = "GET",
            [key + "SmokeTests:0:Path"] = ProductsPath,
            [key + "SmokeTests:0:ExpectStatus"] = "200",
            [key + "SmokeTests:0:MaxLatencyMs"] = "1500",
            [key + "VersionPath"] = VersionPath,
        };
    }

    /// <summary>A deploy reached this target: a fresh process runs <paramref name="sha"/>, with the given faults or none.</summary>
    public void Land(string sha, TargetFaults? withFaults = null)
    {
        lock (gate)
        {
            if (runningVersion != sha)
                previousVersion = runningVersion;
            runningVersion = sha;
            canaryWeight = 100;
            faults = withFaults ?? TargetFaults.None;
            degradation = TargetDegradation.None;
            requestsSinceScripted = 0;
        }
    }

    /// <summary>
    /// A canary step reached this target: <paramref name="canary"/> answers <paramref name="weight"/> percent of the requests,
    /// spread evenly, and <paramref name="stable"/> the rest (100: the canary alone, as <see cref="Land"/>; 0: the stable one
    /// alone, an aborted rollout). Faults and degradation end, as with <see cref="Land"/>.
    /// </summary>
    public void Split(string canary, string stable, int weight)
    {
        if (weight <= 0)
        {
            Land(stable);
            return;
        }
        lock (gate)
        {
            previousVersion = stable;
            runningVersion = canary;
            canaryWeight = Math.Min(weight, 100);
            routed = 0;
            faults = TargetFaults.None;
            degradation = TargetDegradation.None;
            requestsSinceScripted = 0;
        }
    }

    /// <summary>From now on the service degrades as scripted (a fresh <see cref="Land"/> ends it).</summary>
    public void Degrade(TargetDegradation how)
    {
        lock (gate)
        {
            degradation = how;
            degradingSince = Stopwatch.GetTimestamp();
            requestsSinceScripted = 0;
        }
    }

    public void SetFaults(TargetFaults newFaults)
    {
        lock (gate)
        {
            faults = newFaults;
            requestsSinceScripted = 0;
        }
    }

    public void MapApi(string method, string path, SimulatedResponse response)
    {
        lock (gate) api[(method.ToUpperInvariant(), path)] = response;
    }

    /// <summary>Stops listening: from now on connections are refused.</summary>
    public Task StopAsync() => app.StopAsync();

    public ValueTask DisposeAsync() => app.DisposeAsync();

    async Task Answer(HttpContext context)
    {
        if (context.Request.Path == MetricsPath)
        {
            context.Response.ContentType = "text/plain; version=0.0.4";
            await context.Response.WriteAsync(Metrics(), context.RequestAborted);
            return;
        }

        Interlocked.Increment(ref requestCount);
        var started = Stopwatch.GetTimestamp();
        TargetFaults current;
        TargetDegradation degrading;
        double degradingSeconds;
        string version;
        int ordinal;
        SimulatedResponse? mapped;
        lock (gate)
        {
            current = faults;
            var byCanary = canaryWeight >= 100 || previousVersion is null || Spread(++routed, canaryWeight / 100.0);
            degrading = degradation.CanaryOnly && !byCanary ? TargetDegradation.None : degradation;
            degradingSeconds = Stopwatch.GetElapsedTime(degradingSince).TotalSeconds;
            version = !byCanary || (degrading.VersionFlipsBackAfter <= TimeSpan.FromSeconds(degradingSeconds) && previousVersion is not null)
                ? previousVersion! : runningVersion;
            ordinal = ++requestsSinceScripted;
            api.TryGetValue((context.Request.Method.ToUpperInvariant(), context.Request.Path.Value ?? "/"), out mapped);
        }

        if (ordinal > current.CrashAfterRequests || degrading.CrashLoopAfter <= TimeSpan.FromSeconds(degradingSeconds))
        {
            context.Abort();
            return;
        }
        var grown = degrading.LatencyGrowthPerSecond * degradingSeconds;
        var slowed = current.SlowRequests is null || ordinal <= current.SlowRequests ? current.Latency : TimeSpan.Zero;
        var latency = slowed + (degrading.LatencyGrowthCeiling is { } ceiling && grown > ceiling ? ceiling : grown);
        if (latency > TimeSpan.Zero)
            await Task.Delay(latency, context.RequestAborted);

        var response =
            ordinal <= current.HealthyAfterRequests ? new SimulatedResponse(503, "starting up", "text/plain") :
            current.Unavailable ? new SimulatedResponse(503, "Service Unavailable", "text/plain") :
            current.ServerError || Spread(ordinal, degrading.ErrorRateGrowthPerSecond * degradingSeconds)
                ? new SimulatedResponse(500, current.ServerErrorBody, "text/plain") :
            context.Request.Path == HealthPath ? new SimulatedResponse(200, "Healthy", "text/plain") :
            context.Request.Path == VersionPath ? VersionResponse(version) :
            mapped ?? new SimulatedResponse(404, "Not Found", "text/plain");

        Count(version, response.Status, Stopwatch.GetElapsedTime(started).TotalSeconds);
        context.Response.StatusCode = response.Status;
        context.Response.ContentType = response.ContentType;
        await context.Response.WriteAsync(response.Body, context.RequestAborted);
    }

    /// <summary>Whether the request of this ordinal is one of those at this rate (errors, or the canary's share): spread evenly, the
    /// same every run.</summary>
    static bool Spread(int ordinal, double rate)
    {
        var capped = Math.Min(rate, 1);
        return capped > 0 && Math.Floor(ordinal * capped) > Math.Floor((ordinal - 1) * capped);
    }

    void Count(string version, int status, double seconds)
    {
        lock (gate)
        {
            answered[(version, status)] = answered.GetValueOrDefault((version, status)) + 1;
            for (var i = 0; i < LatencyBuckets.Length; i++)
                if (seconds <= LatencyBuckets[i])
                    latencyBucketCounts[i]++;
            latencySecondsSum += seconds;
            latencyCount++;
        }
    }

    string Metrics()
    {
        var text = new StringBuilder();
        lock (gate)
        {
            var seconds = Stopwatch.GetElapsedTime(degradingSince).TotalSeconds;
            text.AppendLine("# TYPE http_requests_total counter");
            foreach (var ((version, status), count) in answered.OrderBy(a => a.Key))
                text.AppendLine(Invariant($"http_requests_total{{version=\"{version}\",code=\"{status}\"}} {count}"));
            text.AppendLine("# TYPE http_request_duration_seconds histogram");
            for (var i = 0; i < LatencyBuckets.Length; i++)
                text.AppendLine(Invariant($"http_request_duration_seconds_bucket{{le=\"{LatencyBuckets[i]}\"}} {latencyBucketCounts[i]}"));
            text.AppendLine(Invariant($"http_request_duration_seconds_bucket{{le=\"+Inf\"}} {latencyCount}"));
            text.AppendLine(Invariant($"http_request_duration_seconds_sum {latencySecondsSum}"));
            text.AppendLine(Invariant($"http_request_duration_seconds_count {latencyCount}"));
            text.AppendLine("# TYPE process_resident_memory_bytes gauge");
            text.AppendLine(Invariant($"process_resident_memory_bytes {BaseMemoryBytes + (long)(degradation.MemoryGrowthBytesPerSecond * seconds)}"));
            var crashingFor = degradation.CrashLoopAfter is { } after ? seconds - after.TotalSeconds : 0;
            text.AppendLine("# TYPE target_restarts_total counter");
            text.AppendLine(Invariant($"target_restarts_total {(long)Math.Max(0, Math.Ceiling(crashingFor))}"));
            text.AppendLine("# TYPE target_version_info gauge");
            text.AppendLine($"target_version_info{{version=\"{runningVersion}\"}} 1");
        }
        return text.ToString();
    }

    static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    SimulatedResponse VersionResponse(string version) => VersionFormat switch
    {
        VersionFormat.PlainText => new SimulatedResponse(200, version, "text/plain"),
        _ => new SimulatedResponse(200, JsonSerializer.Serialize(new { service = Name, version })),
    };
}
