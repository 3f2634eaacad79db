using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace DeployQueue.Bench.Infrastructure;

/// <summary>
/// The real service as its own process (<c>dotnet DeployQueue.Service.dll</c>, the copy built beside the bench, with
/// the service's own runtime settings), configured through command-line keys. Its memory is its own, which is what a
/// resident-memory figure must be. Its console output is kept, the last lines shown if it fails to start.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    readonly Process process;
    readonly Queue<string> lastLines = new();

    ServiceProcess(Process process, Uri baseUrl)
    {
        this.process = process;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public static async Task<ServiceProcess> Start(IDictionary<string, string?> settings)
    {
        var url = new Uri($"http://127.0.0.1:{FreePort()}/");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "DeployQueue.Service.dll"));
        foreach (var (key, value) in settings.Where(s => s.Key != "urls"))
            start.ArgumentList.Add($"--{key}={value}");
        start.ArgumentList.Add($"--urls={url}");

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var service = new ServiceProcess(process, url);
        process.OutputDataReceived += (_, e) => service.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => service.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await service.WaitUntilReady();
        return service;
    }

    /// <summary>Resident memory now (VmRSS) and the process's peak so far (VmHWM), in MB, from /proc.</summary>
    public (double ResidentMb, double PeakMb) Memory()
    {
        var status = File.ReadAllLines($"/proc/{process.Id}/status");
        double Mb(string field) => long.Parse(status.First(l => l.StartsWith(field + ":")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
        return (Mb("VmRSS"), Mb("VmHWM"));
    }

    void Keep(string? line)
    {
        if (line is null) return;
        lock (lastLines)
        {
            lastLines.Enqueue(line);
            if (lastLines.Count > 40) lastLines.Dequeue();
        }
    }

    async Task WaitUntilReady()
    {
        using var http = new HttpClient { BaseAddress = BaseUrl };
        var until = DateTimeOffset.UtcNow.AddSeconds(90);
        while (DateTimeOffset.UtcNow < until && !process.HasExited)
        {
            try
            {
                using var response = await http.GetAsync("/health/ready");
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(200);
        }
        string output;
        lock (lastLines) output = string.Join(Environment.NewLine, lastLines);
        throw new InvalidOperationException($"The service process never became ready. Its last output:{Environment.NewLine}{output}");
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }
}
