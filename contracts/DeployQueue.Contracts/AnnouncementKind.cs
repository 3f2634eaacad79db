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
    /// <summary>A release monitored through its whole window without a failing streak, with the figures observed.</summary>
    Stable,
    /// <summary>Monitoring of a release ended because the lane's next deploy started changing the target.</summary>
    Superseded,
    /// <summary>The target serves the SHA it was rolled back to.</summary>
    RollbackVerified,
    /// <summary>An operator locked a lane (repository, target): no deploy starts on it until it is unlocked.</summary>
    LaneLocked,
    /// <summary>An operator unlocked a lane: its next deploy goes.</summary>
    LaneUnlocked,
}
