using System.Globalization;
using System.Text.RegularExpressions;

namespace DeployQueue.IntegrationTests.Telemetry;

/// <summary>The samples of a Prometheus text exposition, as a scraper reads them: name, labels, value.</summary>
public sealed partial class PrometheusText
{
    readonly List<(string Name, Dictionary<string, string> Labels, double Value)> _samples;

    PrometheusText(List<(string, Dictionary<string, string>, double)> samples) => _samples = samples;

    public static PrometheusText Parse(string text) => new(text.Split('\n')
        .Select(line => Sample().Match(line))
        .Where(match => match.Success)
        .Select(match => (match.Groups["name"].Value,
            Label().Matches(match.Groups["labels"].Value).ToDictionary(l => l.Groups["key"].Value, l => l.Groups["value"].Value),
            double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture)))
        .ToList());

    /// <summary>The sum of the samples of <paramref name="name"/> that carry at least these labels; null when there is none.</summary>
    public double? Value(string name, Dictionary<string, string> labels)
    {
        var matching = _samples.Where(s => s.Name == name && labels.All(l => s.Labels.GetValueOrDefault(l.Key) == l.Value)).ToList();
        return matching.Count == 0 ? null : matching.Sum(s => s.Value);
    }

    public IReadOnlyCollection<string> Names => _samples.Select(s => s.Name).ToHashSet();

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)")]
    private static partial Regex Sample();

    [GeneratedRegex("""(?<key>[a-zA-Z_][a-zA-Z0-9_]*)="(?<value>(?:[^"\\]|\\.)*)""")]
    private static partial Regex Label();
}
