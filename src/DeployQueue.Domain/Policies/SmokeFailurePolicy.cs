using DeployQueue.Contracts;
using DeployQueue.Domain.Ports;

namespace DeployQueue.Domain.Policies;

/// <summary>
/// Turns the failed checks of a smoke run into the problems a fix task is made of, one per failed check, and tells a
/// target that does not serve the new version healthily yet from one whose API fails.
/// </summary>
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

    /// <summary>One problem per failed check, on <paramref name="service"/>: the target's configured service, else the target.</summary>
    public static IReadOnlyList<Problem> ToProblems(string service, SmokeReport report) =>
        report.Results
            .Where(result => !result.Passed)
            .Select(result => new Problem
            {
                Kind = KindOf(result),
                Stage = DeployStage.Smoke,
                Component = service,
                Summary = Describe(result),
            })
            .ToList();

    /// <summary>
    /// Only health or version checks failed: the target does not serve the merge SHA healthily yet, as while a rollout
    /// is still under way. Worth running again until the smoke deadline; a failing API check is a failure at once.
    /// </summary>
    public static bool IsNotReadyYet(SmokeReport report) =>
        !report.Passed && report.Results.Where(result => !result.Passed).All(result => result.Kind is SmokeCheckKind.Health or SmokeCheckKind.Version);

    /// <summary>What is not ready, one failed check after another.</summary>
    public static string NotReady(SmokeReport report) =>
        string.Join("; ", report.Results.Where(result => !result.Passed).Select(Describe));

    static string Describe(SmokeCheckResult result) => $"{result.Name}: expected {result.Expected}, got {result.Actual}";

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
