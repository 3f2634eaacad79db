using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;
using DeployQueue.Domain.Configuration;
using Microsoft.Extensions.Options;

namespace DeployQueue.Smoke.Monitoring;

/// <summary>
/// Prometheus's instant query API (GET /api/v1/query) for checks that need one value. Every way of not getting one (no
/// Prometheus configured, unreachable, the query refused, no series, several) is a <see cref="PrometheusValue"/> naming
/// the problem, never an exception.
/// </summary>
public sealed class PrometheusClient(HttpClient http, IOptions<DeployQueueOptions> options, IOptions<SmokeRunnerOptions> smoke)
{
    public async Task<PrometheusValue> Query(string query, CancellationToken cancellationToken)
    {
        if (options.Value.Prometheus.BaseUrl is not { Length: > 0 } baseUrl)
            return PrometheusValue.Unreachable("DeployQueue:Prometheus:BaseUrl is not set");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(smoke.Value.RequestTimeout);
        try
        {
            var url = new Uri($"{baseUrl.TrimEnd('/')}/api/v1/query?query={Uri.EscapeDataString(query)}");
            using var response = await http.GetAsync(url, timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            return Read(body, (int)response.StatusCode);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return PrometheusValue.Unreachable($"Prometheus did not answer within {smoke.Value.RequestTimeout.TotalMilliseconds:0} ms");
        }
        catch (HttpRequestException failure)
        {
            return PrometheusValue.Unreachable(failure.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused }
                ? $"Prometheus at {baseUrl} refused the connection"
                : $"Prometheus at {baseUrl} unreachable: {failure.Message}");
        }
    }

    static PrometheusValue Read(string body, int status)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.GetProperty("status").GetString() != "success")
            {
                var problem = $"Prometheus refused the query (HTTP {status}, {Text(root, "errorType")}): {Text(root, "error")}";
                // bad_data is the query itself (its syntax, an unknown function); other errors are of this evaluation.
                return Text(root, "errorType") == "bad_data" ? PrometheusValue.Rejected(problem) : PrometheusValue.None(problem);
            }
            var data = root.GetProperty("data");
            var result = data.GetProperty("result");
            return data.GetProperty("resultType").GetString() switch
            {
                "scalar" => Number(result),
                "vector" when result.GetArrayLength() == 1 => Number(result[0].GetProperty("value")),
                "vector" when result.GetArrayLength() == 0 => PrometheusValue.None("no series"),
                "vector" => PrometheusValue.None($"{result.GetArrayLength()} series, the check needs one value (aggregate the query)"),
                var other => PrometheusValue.None($"a {other} result, the check needs one value"),
            };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return PrometheusValue.Unreachable($"not a Prometheus answer (HTTP {status})");
        }
    }

    // A sample is [ <unix time>, "<value>" ].
    static PrometheusValue Number(JsonElement sample) =>
        double.TryParse(sample[1].GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && !double.IsNaN(value)
            ? new PrometheusValue(value, null)
            : PrometheusValue.None($"not a number: {sample[1].GetRawText()}");

    static string Text(JsonElement root, string property) =>
        root.TryGetProperty(property, out var value) ? value.GetString() ?? "" : "";
}
