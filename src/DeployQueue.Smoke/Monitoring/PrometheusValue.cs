namespace DeployQueue.Smoke.Monitoring;

/// <summary>A query's one value, or the problem that left it without one.</summary>
public sealed record PrometheusValue(double? Value, string? Problem)
{
    public static PrometheusValue None(string problem) => new(null, problem);
}
