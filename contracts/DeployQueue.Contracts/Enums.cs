using System.Text.Json.Serialization;

namespace DeployQueue.Contracts;

/// <summary>Priority of a deploy request or a fix task, as the seed's tasks carry it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TaskPriority>))]
public enum TaskPriority { Low, Normal, High, Critical }

/// <summary>How a pull request is merged; GitHub's merge_method.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MergeStrategy>))]
public enum MergeStrategy { Merge, Squash, Rebase }

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
}

/// <summary>What an announcement tells the people watching the `announce` queue.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AnnouncementKind>))]
public enum AnnouncementKind
{
    Started,
    Merged,
    Deployed,
    Succeeded,
    Failed,
    ApprovalNeeded,
    ManualMergeNeeded,
    InvestigationNeeded,
    RollbackRequested,
    /// <summary>A deploy request that was refused at the edge (bad input, unknown target, staging first).</summary>
    Rejected,
}

/// <summary>Where in the pipeline a problem was found.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DeployStage>))]
public enum DeployStage { Merge, Build, Deploy, HealthCheck, Startup, Smoke }
