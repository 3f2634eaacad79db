using System.Globalization;
using DeployQueue.Contracts;
using DeployQueue.Domain.Configuration;
using DeployQueue.Domain.Policies;
using DeployQueue.Domain.Ports;
using Microsoft.Extensions.Options;

namespace DeployQueue.Smoke.Monitoring;

/// <summary>
/// A target's monitoring checks over HTTP and Prometheus's query API. An Http check sends its requests at once and judges
/// every answer's status, the p95 of their latencies, and a number in the body; a Prometheus check judges its query's one
/// value. What cannot be judged (Prometheus unreachable or refusing the query, no series, no number in the body) is
/// inconclusive, never a failure: no data must never roll a release back. The version endpoint, where the target has one,
/// must still serve the release. A query names the versions it compares as <c>{{canary}}</c> and <c>{{stable}}</c> (<see cref="MonitoringQuery"/>).
/// </summary>
public sealed class HttpMonitoringProbe(HttpClient http, IOptions<SmokeRunnerOptions> smoke, PrometheusClient prometheus) : IMonitoringProbe
{
    TargetHttp Target => new(http, smoke.Value.RequestTimeout);

    public async Task<IReadOnlyList<MonitoringCheckSample>> Sample(string targetName, TargetOptions target, string mergeSha, string? stableSha,
        string? previewUrl, CancellationToken cancellationToken)
    {
        var baseUrl = previewUrl ?? target.BaseUrl;
        var checks = new List<Task<IEnumerable<MonitoringCheckSample>>>();
        foreach (var check in target.Monitoring.Checks)
        {
            if (check.Type != MonitoringCheckType.Prometheus)
                checks.Add(HttpCheck(baseUrl, check, cancellationToken));
            else if (MonitoringQuery.Render(check.Query!, mergeSha, stableSha) is { } query)
                checks.Add(PrometheusCheck(check, query, cancellationToken));
        }
        // At its own URL a preview answers alone; at the target's, during a canary step, the stable version answers too.
        if (target.VersionPath is not null)
            checks.Add(VersionCheck(target, baseUrl, mergeSha, previewUrl is null ? stableSha : null, cancellationToken));
        return (await Task.WhenAll(checks)).SelectMany(samples => samples).ToList();
    }

    public Task<ServedVersion> Serves(string targetName, TargetOptions target, string sha, CancellationToken cancellationToken) =>
        ServedBy(target, target.BaseUrl, [sha], cancellationToken);

    /// <summary>Whether one answer of the version endpoint at <paramref name="baseUrl"/> holds one of <paramref name="shas"/>.</summary>
    async Task<ServedVersion> ServedBy(TargetOptions target, string baseUrl, IReadOnlyList<string> shas, CancellationToken cancellationToken)
    {
        if (target.VersionPath is not { } path)
            return new ServedVersion(false, "the target has no VersionPath to tell what it serves");
        var exchange = await Target.Send("GET", baseUrl, path, cancellationToken);
        return new ServedVersion(exchange.Succeeded && shas.Any(sha => RunningVersion.Matches(exchange.Body, sha)), exchange.Describe());
    }

    /// <summary>During a canary step the endpoint answers from either version, by the step's weight: either passes, any other fails.</summary>
    async Task<IEnumerable<MonitoringCheckSample>> VersionCheck(TargetOptions target, string baseUrl, string mergeSha, string? stableSha,
        CancellationToken cancellationToken)
    {
        var served = await ServedBy(target, baseUrl, stableSha is null ? [mergeSha] : [mergeSha, stableSha], cancellationToken);
        return [new MonitoringCheckSample($"version {target.VersionPath}", served.Matches ? MonitoringVerdict.Passed : MonitoringVerdict.Failed,
            FixTaskKind.HealthCheckFailure, null, served.Observed, stableSha is null ? $"serving {mergeSha}" : $"serving {mergeSha} or {stableSha}")];
    }

    async Task<IEnumerable<MonitoringCheckSample>> HttpCheck(string baseUrl, MonitoringCheckOptions check, CancellationToken cancellationToken)
    {
        var name = check.DisplayName;
        var exchanges = await Task.WhenAll(Enumerable.Range(0, check.Requests).Select(_ => Target.Send("GET", baseUrl, check.Path, cancellationToken)));
        var samples = new List<MonitoringCheckSample> { StatusSample(name, check, exchanges) };

        if (check.MaxLatencyMs is { } maxLatencyMs)
        {
            var p95 = Percentile95(exchanges.Select(e => e.LatencyMs));
            samples.Add(new MonitoringCheckSample($"{name} p95", p95 <= maxLatencyMs ? MonitoringVerdict.Passed : MonitoringVerdict.Failed,
                check.FixTask, p95, $"p95 {p95} ms over {exchanges.Length} requests", $"≤ {maxLatencyMs} ms"));
        }
        if (check.JsonPath is { } jsonPath)
        {
            var answered = exchanges.LastOrDefault(e => e.Status == check.ExpectStatus);
            var value = answered is null ? null : JsonValueMatcher.NumberAt(answered.Body, jsonPath);
            samples.Add(Bounded($"{name} {jsonPath}", check, value,
                value is { } number ? $"{jsonPath} = {Format(number)}" : $"no number at {jsonPath}" + (answered is null ? " (no answer)" : "")));
        }
        return samples;
    }

    static MonitoringCheckSample StatusSample(string name, MonitoringCheckOptions check, IReadOnlyList<HttpExchange> exchanges)
    {
        var wrong = exchanges.Where(e => e.Status != check.ExpectStatus).ToList();
        if (wrong.Count == 0)
            return new MonitoringCheckSample(name, MonitoringVerdict.Passed, FixTaskKind.HealthCheckFailure, null,
                $"{exchanges.Count} of {exchanges.Count} answered HTTP {check.ExpectStatus}", $"HTTP {check.ExpectStatus}");
        // A service that stops answering has crashed; one that answers wrongly is unhealthy.
        var kind = wrong.Any(e => !e.Answered) ? FixTaskKind.ServiceCrash : FixTaskKind.HealthCheckFailure;
        return new MonitoringCheckSample(name, MonitoringVerdict.Failed, kind, wrong.Count,
            $"{wrong.Count} of {exchanges.Count} requests failed: {wrong[0].Describe()}", $"HTTP {check.ExpectStatus}");
    }

    async Task<IEnumerable<MonitoringCheckSample>> PrometheusCheck(MonitoringCheckOptions check, string query, CancellationToken cancellationToken)
    {
        var result = await prometheus.Query(query, cancellationToken);
        return [Bounded(check.DisplayName, check, result.Value, result.Value is { } value ? Format(value) : result.Problem!)];
    }

    static MonitoringCheckSample Bounded(string name, MonitoringCheckOptions check, double? value, string observed)
    {
        var bound = Bound(check);
        if (value is not { } number || double.IsNaN(number))
            return new MonitoringCheckSample(name, MonitoringVerdict.Inconclusive, check.FixTask, null, observed, bound);
        var within = (check.Min is not { } min || number >= min) && (check.Max is not { } max || number <= max);
        return new MonitoringCheckSample(name, within ? MonitoringVerdict.Passed : MonitoringVerdict.Failed, check.FixTask, number, observed, bound);
    }

    static string Bound(MonitoringCheckOptions check) => (check.Min, check.Max) switch
    {
        ({ } min, { } max) => $"≥ {Format(min)} and ≤ {Format(max)}",
        ({ } min, null) => $"≥ {Format(min)}",
        (null, { } max) => $"≤ {Format(max)}",
        _ => "any value",
    };

    /// <summary>Nearest-rank p95: the smallest latency that at least 95 % of the requests did not exceed.</summary>
    static long Percentile95(IEnumerable<long> latencies)
    {
        var sorted = latencies.Order().ToList();
        return sorted[Math.Max(0, (int)Math.Ceiling(0.95 * sorted.Count) - 1)];
    }

    static string Format(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
