using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace DeployQueue.Testing;

/// <summary>
/// The service as its own process (<c>dotnet DeployQueue.Service.dll</c>, with the service's own runtime settings) on a
/// free loopback port, configured by environment variables, its console output kept. Its memory is its own, which is
/// what a resident-memory figure must be. Disposing kills it if it still runs.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    readonly ConcurrentQueue<string> _output = new();

    ServiceProcess(Process process, Uri url)
    {
        Process = process;
        Http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(5) };
    }

    public Process Process { get; }
    public HttpClient Http { get; }
    public string Output => string.Join('\n', _output);

    /// <param name="directory">Where DeployQueue.Service.dll is (default: beside the caller's own assemblies).</param>
    /// <param name="environment">Configuration as environment variables (Section__Key).</param>
    /// <param name="clockShift">The process's wall clock runs this far from the machine's (libfaketime's <c>faketime</c>, which
    /// <c>scripts/services.sh</c> installs): as on another machine whose clock is off. Timers and elapsed times are left alone.</param>
    public static ServiceProcess Start(IReadOnlyDictionary<string, string?> environment, string? directory = null, TimeSpan? clockShift = null)
    {
        var url = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = clockShift is { } shift
            ? new ProcessStartInfo("faketime",
                ["-f", $"{(shift < TimeSpan.Zero ? "-" : "+")}{shift.Duration().TotalSeconds}s", "dotnet", "DeployQueue.Service.dll"])
            : new ProcessStartInfo("dotnet", "DeployQueue.Service.dll");
        start.WorkingDirectory = directory ?? AppContext.BaseDirectory;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        if (clockShift is not null)
        {
            start.Environment["FAKETIME_DONT_FAKE_MONOTONIC"] = "1";
            // libfaketime's rewriting of timed waits hangs the .NET runtime's thread pool at start.
            start.Environment["FAKETIME_FORCE_MONOTONIC_FIX"] = "0";
        }
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        start.Environment["ASPNETCORE_URLS"] = url.ToString();

        var service = new ServiceProcess(new Process { StartInfo = start }, url);
        service.Process.OutputDataReceived += (_, e) => { if (e.Data is not null) service._output.Enqueue(e.Data); };
        service.Process.ErrorDataReceived += (_, e) => { if (e.Data is not null) service._output.Enqueue(e.Data); };
        service.Process.Start();
        service.Process.BeginOutputReadLine();
        service.Process.BeginErrorReadLine();
        return service;
    }

    /// <summary>Polls /health/ready until it answers 200 or the bound passes.</summary>
    public async Task<bool> WaitUntilReady(TimeSpan bound) =>
        await Eventually.Poll(() => Status("/health/ready"), status => status == HttpStatusCode.OK || Process.HasExited, bound) == HttpStatusCode.OK;

    /// <summary>What /health/ready answers now, each check's status and description, or why it did not answer: for a failing
    /// test's report.</summary>
    public async Task<string> Readiness()
    {
        try
        {
            using var response = await Http.GetAsync("/health/ready");
            return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return $"no answer: {e.GetType().Name} {e.Message}";
        }
    }

    public async Task<HttpStatusCode?> Status(string path)
    {
        try
        {
            using var response = await Http.GetAsync(path);
            return response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>Resident memory now (VmRSS) and the process's peak so far (VmHWM), in MB, from /proc.</summary>
    public (double ResidentMb, double PeakMb) Memory()
    {
        var status = File.ReadAllLines($"/proc/{Process.Id}/status");
        double Mb(string field) => long.Parse(status.First(l => l.StartsWith(field + ":")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
        return (Mb("VmRSS"), Mb("VmHWM"));
    }

    /// <summary>SIGTERM, as an orchestrator stops it: it drains; returns its exit code once it is gone, or null when it still
    /// runs after <paramref name="bound"/>.</summary>
    public async Task<int?> Stop(TimeSpan bound)
    {
        using (var kill = System.Diagnostics.Process.Start("kill", ["-TERM", Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
            await kill.WaitForExitAsync();
        using var waiting = new CancellationTokenSource(bound);
        try
        {
            await Process.WaitForExitAsync(waiting.Token);
            return Process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>SIGKILL: no shutdown, no drain; returns once the process is gone.</summary>
    public async Task Kill()
    {
        Process.Kill();
        await Process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            await Process.WaitForExitAsync();
        }
        Process.Dispose();
        Http.Dispose();
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
