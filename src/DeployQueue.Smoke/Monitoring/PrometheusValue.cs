namespace DeployQueue.Smoke.Monitoring;

/// <summary>A query's one value, or the problem that left it without one, and what kind of problem that was.</summary>
public sealed record PrometheusValue(double? Value, string? Problem, PrometheusProblem Kind = PrometheusProblem.None)
{
    /// <summary>Prometheus answered the query without one value (no series, several, not a number).</summary>
    public static PrometheusValue None(string problem) => new(null, problem, PrometheusProblem.NoValue);

    /// <summary>Prometheus refused the query itself as malformed: no later interval will answer it either.</summary>
    public static PrometheusValue Rejected(string problem) => new(null, problem, PrometheusProblem.QueryRejected);

    /// <summary>No answer from Prometheus (not set, refused connection, timeout, not Prometheus).</summary>
    public static PrometheusValue Unreachable(string problem) => new(null, problem, PrometheusProblem.Unreachable);
}
