using System.Diagnostics;
using DeployQueue.Domain.Configuration;
using DeployQueue.Domain.Ports;
using Microsoft.Extensions.Options;

namespace DeployQueue.Smoke;

/// <summary>
/// Runs a target's smoke checks over HTTP once, in order: health checks and the version check, re-checked with backoff
/// until they pass or the run's startup grace ends; then each API smoke test, with its latency bound (a slow answer is
/// confirmed by a second or third try before it counts). A target that refuses, drops or times out a request gives a
/// failed result, never an exception. A target that comes up later than the grace is the saga's re-check, until the
/// target's smoke timeout.
/// </summary>
public sealed class HttpSmokeRunner(HttpClient http, IOptions<SmokeRunnerOptions> options) : ISmokeRunner
{
    static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(100);
    static readonly TimeSpan LongestRetryDelay = TimeSpan.FromSeconds(1);

    readonly SmokeRunnerOptions settings = options.Value;

    public async Task<SmokeReport> Run(string targetName, TargetOptions target, string mergeSha, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(target.BaseUrl, UriKind.Absolute, out _))
            throw new ArgumentException($"Target '{targetName}' has no valid BaseUrl.", nameof(target));
        ArgumentException.ThrowIfNullOrWhiteSpace(mergeSha);

        var results = new List<SmokeCheckResult>();
        var runStarted = Stopwatch.GetTimestamp();

        // Until the new version is up and healthy, API checks would only test the old one, or nothing: stop there.
        foreach (var health in target.HealthChecks)
        {
            var result = await WithinGrace(() => CheckHealth(target, health, cancellationToken), runStarted, cancellationToken);
            results.Add(result);
            if (!result.Passed)
                return new SmokeReport(results);
        }
        if (target.VersionPath is { } versionPath)
        {
            var result = await WithinGrace(() => CheckVersion(target, versionPath, mergeSha, cancellationToken), runStarted, cancellationToken);
            results.Add(result);
            if (!result.Passed)
                return new SmokeReport(results);
        }

        // Checks are named by endpoint; a second check of the same endpoint gets a number, so every name is a key.
        var checksPerEndpoint = new Dictionary<string, int>();
        foreach (var test in target.SmokeTests)
        {
            var endpoint = $"{test.Method.ToUpperInvariant()} {test.Path}";
            var ordinal = checksPerEndpoint[endpoint] = checksPerEndpoint.GetValueOrDefault(endpoint) + 1;
            var tries = await ConfirmSlowness(test, target, cancellationToken);
            var exchange = Judged(tries);
            results.AddRange(CheckApi(ordinal == 1 ? endpoint : $"{endpoint} ({ordinal})", test, exchange, tries));
            // A service that stopped answering would fail every further check for the same reason.
            if (!exchange.Answered)
                break;
        }
        return new SmokeReport(results);
    }

    async Task<SmokeCheckResult> CheckHealth(TargetOptions target, HealthCheckOptions health, CancellationToken cancellationToken)
    {
        var exchange = await Send("GET", target, health.Path, cancellationToken);
        return new SmokeCheckResult(
            $"health {health.Path}",
            SmokeCheckKind.Health,
            exchange.Status == health.ExpectStatus,
            $"HTTP {health.ExpectStatus}",
            exchange.Describe(),
            exchange.LatencyMs);
    }

    async Task<SmokeCheckResult> CheckVersion(TargetOptions target, string versionPath, string mergeSha, CancellationToken cancellationToken)
    {
        var exchange = await Send("GET", target, versionPath, cancellationToken);
        var shortSha = mergeSha[..Math.Min(RunningVersion.ShortShaLength, mergeSha.Length)];
        return new SmokeCheckResult(
            $"version {versionPath}",
            SmokeCheckKind.Version,
            exchange.Succeeded && RunningVersion.Matches(exchange.Body, mergeSha),
            $"running version {mergeSha} (or {shortSha})",
            exchange.Describe(),
            exchange.LatencyMs);
    }

    /// <summary>
    /// One slow answer is not yet a slow service: a pause of the target, or of this process, would fail the deploy for
    /// nothing. A request answered over the check's latency bound, or not within the request timeout, is sent again
    /// until two of at most three tries agree.
    /// </summary>
    async Task<IReadOnlyList<HttpExchange>> ConfirmSlowness(SmokeTestOptions test, TargetOptions target, CancellationToken cancellationToken)
    {
        var tries = new List<HttpExchange> { await Send(test.Method, target, test.Path, cancellationToken) };
        while (tries[0].IsSlow(test.MaxLatencyMs) && tries.Count(t => t.IsSlow(test.MaxLatencyMs)) < 2 && tries.Count(t => !t.IsSlow(test.MaxLatencyMs)) < 2)
            tries.Add(await Send(test.Method, target, test.Path, cancellationToken));
        return tries;
    }

    /// <summary>The middle try by latency (of two, the faster), an unanswered one last: the one the majority agrees with.</summary>
    static HttpExchange Judged(IReadOnlyList<HttpExchange> tries) =>
        tries.OrderBy(t => t.Answered ? t.LatencyMs : long.MaxValue).ElementAt((tries.Count - 1) / 2);

    static IEnumerable<SmokeCheckResult> CheckApi(string name, SmokeTestOptions test, HttpExchange exchange, IReadOnlyList<HttpExchange> tries)
    {
        var expected = new List<string> { $"HTTP {test.ExpectStatus}" };
        var passed = exchange.Status == test.ExpectStatus;
        string? detail = null;
        if (test.BodyContains is { } fragment)
        {
            expected.Add($"body containing \"{fragment}\"");
            passed &= exchange.Body.Contains(fragment, StringComparison.Ordinal);
        }
        if (test.JsonEquals is { } pathEqualsValue)
        {
            expected.Add($"JSON {pathEqualsValue}");
            var match = JsonValueMatcher.Match(exchange.Body, pathEqualsValue);
            passed &= match.Matched;
            detail = exchange.Answered ? match.Found : null;
        }
        var retried = tries.Count == 1
            ? ""
            : $" (the middle of {tries.Count} tries: {string.Join(", ", tries.Select(t => t.Answered ? $"{t.LatencyMs} ms" : t.Describe()))})";
        yield return new SmokeCheckResult(name, SmokeCheckKind.Api, passed, string.Join(", ", expected), exchange.Describe(detail) + retried,
            exchange.LatencyMs);

        if (test.MaxLatencyMs is { } maxLatencyMs && exchange.Answered)
            yield return new SmokeCheckResult(
                $"{name} latency",
                SmokeCheckKind.Latency,
                exchange.LatencyMs <= maxLatencyMs,
                $"an answer within {maxLatencyMs} ms",
                exchange.Describe() + retried,
                exchange.LatencyMs);
    }

    /// <summary>Repeats a check, backing off, until it passes or the grace is over; the last outcome is the result.</summary>
    async Task<SmokeCheckResult> WithinGrace(Func<Task<SmokeCheckResult>> check, long runStarted, CancellationToken cancellationToken)
    {
        var delay = FirstRetryDelay;
        while (true)
        {
            var result = await check();
            var graceLeft = settings.StartupGrace - Stopwatch.GetElapsedTime(runStarted);
            if (result.Passed || graceLeft <= TimeSpan.Zero)
                return result;
            await Task.Delay(delay < graceLeft ? delay : graceLeft, cancellationToken);
            delay = delay * 2 < LongestRetryDelay ? delay * 2 : LongestRetryDelay;
        }
    }

    Task<HttpExchange> Send(string method, TargetOptions target, string path, CancellationToken cancellationToken) =>
        new TargetHttp(http, settings.RequestTimeout).Send(method, target.BaseUrl, path, cancellationToken);
}
