using System.Text.Json.Serialization;

namespace DeployQueue.Contracts;

/// <summary>The kinds of fix task of the seed; each has its own title.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FixTaskKind>))]
public enum FixTaskKind
{
    MergeConflict,
    ChecksFailing,
    DeploymentError,
    ServiceCrash,
    HealthCheckFailure,
    ConfigurationError,
    DatabaseMigration,
    DependencyIssue,
    /// <summary>Found by post-deployment monitoring: latency, error rate or resources beyond a configured bound.</summary>
    PerformanceDegradation,
}
