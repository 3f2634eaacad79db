namespace DeployQueue.Bench.Reporting;

/// <summary>Milliseconds at the 50th, 95th and 99th percentile (nearest rank) and the worst, over <see cref="Count"/> samples.</summary>
public sealed record LatencySummary(int Count, double P50, double P95, double P99, double Max)
{
    public static LatencySummary Of(IReadOnlyCollection<double> samples)
    {
        if (samples.Count == 0) return new LatencySummary(0, double.NaN, double.NaN, double.NaN, double.NaN);
        var sorted = samples.Order().ToArray();
        double Rank(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new LatencySummary(sorted.Length, Rank(0.50), Rank(0.95), Rank(0.99), sorted[^1]);
    }

    public override string ToString() => Count == 0 ? "no samples" : $"p50 {P50:0} / p95 {P95:0} / p99 {P99:0} ms (max {Max:0}, n={Count})";
}
