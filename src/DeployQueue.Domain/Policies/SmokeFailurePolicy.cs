using DeployQueue.Contracts;
using DeployQueue.Domain.Ports;

namespace DeployQueue.Domain.Policies;

/// <summary>Turns the failed checks of a smoke run into the problems a fix task is made of, one per failed check.</summary>
public static class SmokeFailurePolicy
{
    /// <summary>
    /// <see cref="SmokeCheckResult.Actual"/> starts with this and the status code ("HTTP 503 ...") when the target
    /// answered; anything else ("connection refused", "no answer within ...") means it did not answer at all.
    /// </summary>
    public const string AnsweredPrefix = "HTTP ";

    // Words a crashing process or its framework puts in a 5xx body; a plain 503 from a load balancer has none.
    static readonly string[] CrashMarkers =
        ["exception", "stack trace", "traceback", "panic", "segmentation fault", "core dumped", "fatal", "out of memory", "crash"];

    public static IReadOnlyList<Problem> ToProblems(string target, SmokeReport report) =>
        report.Results
            .Where(result => !result.Passed)
            .Select(result => new Problem
            {
                Kind = KindOf(result),
                Stage = DeployStage.Smoke,
                Component = target,
                Summary = $"{result.Name}: expected {result.Expected}, got {result.Actual}",
            })
            .ToList();

    static FixTaskKind KindOf(SmokeCheckResult result) => AnsweredStatus(result.Actual) switch
    {
        null => FixTaskKind.ServiceCrash,
        >= 500 when CrashMarkers.Any(marker => result.Actual.Contains(marker, StringComparison.OrdinalIgnoreCase)) => FixTaskKind.ServiceCrash,
        _ => FixTaskKind.HealthCheckFailure,
    };

    static int? AnsweredStatus(string actual) =>
        actual.StartsWith(AnsweredPrefix, StringComparison.Ordinal)
        && actual.Length >= AnsweredPrefix.Length + 3
        && int.TryParse(actual.AsSpan(AnsweredPrefix.Length, 3), out var status)
            ? status
            : null;
}
