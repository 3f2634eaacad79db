using System.Text.RegularExpressions;

namespace DeployQueue.Domain.Policies;

/// <summary>
/// A Prometheus check's query as sent: <c>{{canary}}</c> stands for the release's SHA, <c>{{stable}}</c> for the version beside it
/// during a rollout step, so that one query compares the two (a <c>version</c> label on the service's series), as Argo Rollouts'
/// analysis arguments do. A query naming <c>{{stable}}</c> means nothing without a stable version beside the release: it is not
/// asked then (the watch after a deploy, a rollout onto a target with nothing known before it).
/// </summary>
public static partial class MonitoringQuery
{
    const string Canary = "canary";
    const string Stable = "stable";

    /// <summary>SHAs to put in a query that is only checked, not judged (Prometheus's verdict on its syntax at start).</summary>
    static readonly string SampleCanary = new('c', 40), SampleStable = new('5', 40);

    [GeneratedRegex(@"\{\{\s*(?<name>[^{}\s]*)\s*\}\}")]
    private static partial Regex Placeholder();

    /// <summary>The query with the SHAs in place; null when it names <c>{{stable}}</c> and there is none.</summary>
    public static string? Render(string query, string canarySha, string? stableSha) =>
        Names(query).Contains(Stable) && stableSha is null
            ? null
            : Placeholder().Replace(query, m => m.Groups["name"].Value == Stable ? stableSha! : canarySha);

    /// <summary>The query as it is put to Prometheus at start, to learn whether it is well formed.</summary>
    public static string Sample(string query) => Render(query, SampleCanary, SampleStable)!;

    /// <summary>The placeholders a query names that are neither <c>{{canary}}</c> nor <c>{{stable}}</c>: a mistake, refused at start.</summary>
    public static IReadOnlyList<string> UnknownPlaceholders(string query) =>
        Names(query).Where(name => name is not (Canary or Stable)).Select(name => $"{{{{{name}}}}}").ToList();

    static HashSet<string> Names(string query) => Placeholder().Matches(query).Select(m => m.Groups["name"].Value).ToHashSet();
}
