using System.Text.Json;
using System.Text.RegularExpressions;

namespace DeployQueue.Testing;

/// <summary>
/// The Prometheus scripts/services.sh runs on 127.0.0.1:9090 (DEPLOYQUEUE_PROMETHEUS_PORT moves it), scraping every second
/// the targets listed in the JSON files of its file_sd folder. A test adds a target simulator to it with <see cref="Scrape"/>;
/// the folder is read from Prometheus's own configuration, so it is the one of whichever checkout started it.
/// </summary>
public static partial class LocalPrometheus
{
    public static Uri BaseUrl { get; } = new($"http://127.0.0.1:{Environment.GetEnvironmentVariable("DEPLOYQUEUE_PROMETHEUS_PORT") ?? "9090"}/");

    [GeneratedRegex(@"files:\s*\n\s*-\s*(?<glob>\S+\.json)")]
    private static partial Regex FileSdGlob();

    /// <summary>Prometheus scrapes <paramref name="baseUrl"/>'s /metrics under the label target="<paramref name="name"/>" until disposed.</summary>
    public static async Task<IAsyncDisposable> Scrape(string name, string baseUrl)
    {
        using var http = new HttpClient { BaseAddress = BaseUrl };
        using var config = JsonDocument.Parse(await http.GetStringAsync("api/v1/status/config"));
        var yaml = config.RootElement.GetProperty("data").GetProperty("yaml").GetString() ?? "";
        var glob = FileSdGlob().Match(yaml) is { Success: true } match
            ? match.Groups["glob"].Value
            : throw new InvalidOperationException($"Prometheus at {BaseUrl} has no file_sd folder (not started by scripts/services.sh?)");
        var file = Path.Combine(Path.GetDirectoryName(glob)!, $"{name}-{Guid.NewGuid():N}.json");
        var hostPort = new Uri(baseUrl).Authority;
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(new[] { new { targets = new[] { hostPort }, labels = new { target = name } } }));
        return new ScrapedTarget(file);
    }

    sealed class ScrapedTarget(string file) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            File.Delete(file);
            return ValueTask.CompletedTask;
        }
    }
}
