using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using DeployQueue.IntegrationTests.Infrastructure;

namespace DeployQueue.IntegrationTests.Lifecycle;

/// <summary>
/// The service process notices that its own binaries changed on disk (its new version was installed), drains and
/// exits with 0, so that its supervisor starts it again on the new code.
/// </summary>
[TestFixture]
public class BinaryChangeTests
{
    static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Test]
    public async Task The_service_exits_cleanly_when_its_binaries_change()
    {
        await using var database = await TestDatabase.Create();
        var installed = Directory.CreateTempSubdirectory("deployqueue-service-");
        try
        {
            foreach (var file in Directory.EnumerateFiles(AppContext.BaseDirectory, "*", SearchOption.AllDirectories))
            {
                var copy = Path.Combine(installed.FullName, Path.GetRelativePath(AppContext.BaseDirectory, file));
                Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
                File.Copy(file, copy);
            }

            var url = $"http://127.0.0.1:{FreePort()}";
            using var service = StartService(installed.FullName, url, database.ConnectionString, out var output);
            try
            {
                using var http = new HttpClient { BaseAddress = new Uri(url) };
                var ready = await Eventually.Poll(() => Status(http, "/health/ready"), status => status == HttpStatusCode.OK, Bound);
                Assert.That(ready, Is.EqualTo(HttpStatusCode.OK), string.Join('\n', output));

                File.SetLastWriteTimeUtc(Path.Combine(installed.FullName, "DeployQueue.Domain.dll"), DateTime.UtcNow);

                using var exit = new CancellationTokenSource(Bound);
                await service.WaitForExitAsync(exit.Token);
                Assert.Multiple(() =>
                {
                    Assert.That(service.ExitCode, Is.EqualTo(0));
                    Assert.That(string.Join('\n', output), Does.Contain("binaries changed on disk (DeployQueue.Domain.dll"));
                });
            }
            finally
            {
                if (!service.HasExited)
                    service.Kill(entireProcessTree: true);
            }
        }
        finally
        {
            installed.Delete(recursive: true);
        }
    }

    static Process StartService(string directory, string url, string postgres, out ConcurrentQueue<string> output)
    {
        var start = new ProcessStartInfo("dotnet", "DeployQueue.Service.dll")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_URLS"] = url;
        start.Environment["ConnectionStrings__Postgres"] = postgres;
        var lines = new ConcurrentQueue<string>();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lines.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lines.Enqueue(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        output = lines;
        return process;
    }

    static async Task<HttpStatusCode?> Status(HttpClient http, string path)
    {
        try
        {
            using var response = await http.GetAsync(path);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
