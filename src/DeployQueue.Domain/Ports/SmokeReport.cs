namespace DeployQueue.Domain.Ports;

public sealed record SmokeReport(IReadOnlyList<SmokeCheckResult> Results)
{
    public bool Passed => Results.All(r => r.Passed);
}
