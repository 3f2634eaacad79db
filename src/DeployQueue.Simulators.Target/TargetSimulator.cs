using System.Net;
using System.Text.Json;

namespace DeployQueue.Simulators.Target;

/// <summary>
/// One simulated deploy target (a service behind a base URL) on 127.0.0.1 and a free port: <see cref="HealthPath"/>,
/// <see cref="VersionPath"/> and any API endpoints mapped with <see cref="MapApi"/>. Scripted from C#: the version it
/// runs (<see cref="Land"/>, when a deploy reaches it) and its faults (<see cref="SetFaults"/>, <see cref="StopAsync"/>
/// for connection refused). Run one simulator per named target.
/// </summary>
public sealed class TargetSimulator : IAsyncDisposable
{
    public const string HealthPath = "/health";
    public const string VersionPath = "/version";

    /// <summary>Mapped on every simulator, as DESIGN.md's sample configuration checks it.</summary>
    public const string ProductsPath = "/api/products";

    readonly WebApplication app;
    readonly Lock gate = new();
    readonly Dictionary<(string Method, string Path), SimulatedResponse> api = [];
    string runningVersion;
    TargetFaults faults = TargetFaults.None;
    int requestsSinceScripted;
    int requestCount;

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
            runningVersion = sha;
            faults = withFaults ?? TargetFaults.None;
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
        Interlocked.Increment(ref requestCount);
        TargetFaults current;
        string version;
        int ordinal;
        SimulatedResponse? mapped;
        lock (gate)
        {
            current = faults;
            version = runningVersion;
            ordinal = ++requestsSinceScripted;
            api.TryGetValue((context.Request.Method.ToUpperInvariant(), context.Request.Path.Value ?? "/"), out mapped);
        }

        if (ordinal > current.CrashAfterRequests)
        {
            context.Abort();
            return;
        }
        if (current.Latency > TimeSpan.Zero)
            await Task.Delay(current.Latency, context.RequestAborted);

        var response =
            ordinal <= current.HealthyAfterRequests ? new SimulatedResponse(503, "starting up", "text/plain") :
            current.Unavailable ? new SimulatedResponse(503, "Service Unavailable", "text/plain") :
            current.ServerError ? new SimulatedResponse(500, current.ServerErrorBody, "text/plain") :
            context.Request.Path == HealthPath ? new SimulatedResponse(200, "Healthy", "text/plain") :
            context.Request.Path == VersionPath ? VersionResponse(version) :
            mapped ?? new SimulatedResponse(404, "Not Found", "text/plain");

        context.Response.StatusCode = response.Status;
        context.Response.ContentType = response.ContentType;
        await context.Response.WriteAsync(response.Body, context.RequestAborted);
    }

    SimulatedResponse VersionResponse(string version) => VersionFormat switch
    {
        VersionFormat.PlainText => new SimulatedResponse(200, version, "text/plain"),
        _ => new SimulatedResponse(200, JsonSerializer.Serialize(new { service = Name, version })),
    };
}
