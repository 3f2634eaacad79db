using DeployQueue.Contracts;
using MassTransit;

namespace DeployQueue.Domain.StateMachines;

/// <summary>
/// One deploy of one PR to one target: the saga instance, correlated on (repository, PR, target).
/// A new request after a final state starts the next attempt on the same instance; earlier attempts
/// stay in <see cref="PastAttempts"/>.
/// </summary>
public class DeployState : SagaStateMachineInstance
{
    public Guid CorrelationId { get; set; }
    public string CurrentState { get; set; } = "";

    /// <summary>PostgreSQL's xmin, for optimistic concurrency between competing instances.</summary>
    public uint RowVersion { get; set; }

    public int Attempt { get; set; }
    public List<AttemptRecord> PastAttempts { get; set; } = [];

    // The request, as accepted.
    public string TaskId { get; set; } = "";
    public string Title { get; set; } = "";
    public string Repository { get; set; } = "";
    public int PrNumber { get; set; }
    public string PrUrl { get; set; } = "";
    public string Branch { get; set; } = "";
    public string? FeatureName { get; set; }
    public string Target { get; set; } = "";
    public string? CommitBuildTaskId { get; set; }
    public TaskPriority Priority { get; set; }
    public MergeStrategy MergeStrategy { get; set; }
    public string? PromotedSha { get; set; }

    // Progress of the current attempt.
    public Guid LaneId { get; set; }
    /// <summary>The ticket of the current queueing for the lane; grants of other tickets are stale.</summary>
    public Guid? LaneTicket { get; set; }
    /// <summary>When the deploy queued with <see cref="LaneTicket"/>: a repeated request keeps that place.</summary>
    public DateTimeOffset? LaneQueuedAt { get; set; }
    /// <summary>The identity of the request that started the current attempt: the same request again starts none.</summary>
    public Guid RequestId { get; set; }
    public string? LastKnownGoodSha { get; set; }
    /// <summary>The merge timeout's due time, set at the attempt's first grant: no merge is made after it.</summary>
    public DateTimeOffset? MergeDeadline { get; set; }
    public string? HeadSha { get; set; }
    public string? MergeSha { get; set; }
    public string? RunUrl { get; set; }
    public DeployStage? Stage { get; set; }
    /// <summary>The smoke timeout's due time, set when the deployment succeeded: until then a target not ready yet is re-checked.</summary>
    public DateTimeOffset? SmokeDeadline { get; set; }
    /// <summary>How often the smoke checks were re-checked on a target not ready yet: the next re-check waits longer.</summary>
    public int SmokeRechecks { get; set; }
    /// <summary>Why the deploy waits, for `deployq status`; null while it works.</summary>
    public string? WaitingFor { get; set; }
    public string? Outcome { get; set; }
    public bool ApprovalAnnounced { get; set; }
    public List<Guid> FixTaskIds { get; set; } = [];
    public DateTimeOffset AttemptStartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }

    // Tokens of the scheduled timeouts and re-checks; a scheduled message whose token differs is stale and ignored.
    public Guid? MergeTimeoutToken { get; set; }
    public Guid? DeployTimeoutToken { get; set; }
    public Guid? SmokeTimeoutToken { get; set; }
    public Guid? GateRecheckToken { get; set; }
    public Guid? DeploymentRecheckToken { get; set; }
    public Guid? LaneRecheckToken { get; set; }
    public Guid? SmokeRecheckToken { get; set; }
    /// <summary>Set while a deploy that failed at its merge timeout keeps its lane for a merge that may still land.</summary>
    public Guid? MergeGraceToken { get; set; }
}

/// <summary>How an earlier attempt ended.</summary>
public record AttemptRecord(int Attempt, string FinalState, string? Outcome, string? MergeSha, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt);
