namespace DeployQueue.Smoke.Monitoring;

/// <summary>Why a Prometheus query has no value: what the start check and an interval make of it differ by kind.</summary>
public enum PrometheusProblem
{
    None,
    NoValue,
    QueryRejected,
    Unreachable,
}
