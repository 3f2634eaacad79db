using System.Text.Json.Serialization;

namespace DeployQueue.Contracts;

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
