using DeployQueue.Contracts;

namespace DeployQueue.Domain.Policies;

/// <summary>The seed's fix-task titles, one per kind.</summary>
public static class FixTaskTitles
{
    public static string For(FixTaskKind kind, string? component, int prNumber, string environment) => kind switch
    {
        FixTaskKind.MergeConflict => $"FIX: Merge conflict in PR #{prNumber}",
        FixTaskKind.ChecksFailing => $"FIX: Failing checks in PR #{prNumber}",
        FixTaskKind.DeploymentError => $"FIX: Deployment error in {component ?? environment}",
        FixTaskKind.ServiceCrash => $"FIX: Service crash in {component ?? environment}",
        FixTaskKind.HealthCheckFailure => $"FIX: Health check failure in {component ?? environment}",
        FixTaskKind.ConfigurationError => $"FIX: Configuration error in {environment}",
        FixTaskKind.DatabaseMigration => "FIX: Database migration issue",
        FixTaskKind.DependencyIssue => "FIX: Dependency issue in deployment",
        FixTaskKind.PerformanceDegradation => $"FIX: Performance degradation in {component ?? environment}",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
