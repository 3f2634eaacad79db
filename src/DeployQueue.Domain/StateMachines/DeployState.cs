using MassTransit;

namespace DeployQueue.Domain.StateMachines;

/// <summary>
/// One deploy of one PR to one target: the saga instance, correlated on (repository, PR, target).
/// A new request after a final state starts the next attempt on the same instance: <see cref="Attempt"/> is
/// replaced as a whole, and the one it replaces is summed up in <see cref="PastAttempts"/>.
/// </summary>
public class DeployState : SagaStateMachineInstance, ILaneSaga
{
    public Guid CorrelationId { get; set; }
    public string CurrentState { get; set; } = "";
    /// <summary>When the deploy entered <see cref="CurrentState"/> (set by the host's metrics observer): the time per stage.</summary>
    public DateTimeOffset? StateEnteredAt { get; set; }

    /// <summary>PostgreSQL's xmin, for optimistic concurrency between competing instances.</summary>
    public uint RowVersion { get; set; }

    // What the saga is correlated on: the same for every attempt.
    public string Repository { get; set; } = "";
    public int PrNumber { get; set; }
    public string Target { get; set; } = "";
    public Guid LaneId { get; set; }

    /// <summary>The attempt under way, or the last one once final.</summary>
    public DeployAttempt Attempt { get; set; } = new();
    public List<AttemptRecord> PastAttempts { get; set; } = [];

    // The deploy's place in its lane, which may outlive an attempt (see LaneKeptUntil).
    /// <summary>The ticket of the current queueing for the lane; grants of other tickets are stale.</summary>
    public Guid? LaneTicket { get; set; }
    /// <summary>When the deploy queued with <see cref="LaneTicket"/>: a repeated request keeps that place.</summary>
    public DateTimeOffset? LaneQueuedAt { get; set; }
    /// <summary>
    /// Set while a deploy that failed at its merge timeout keeps its lane for a merge that may still land: the end of
    /// the merge grace. The next attempt queues with the kept lane's ticket.
    /// </summary>
    public DateTimeOffset? LaneKeptUntil { get; set; }

    // Tokens of the scheduled timeouts and re-checks; a scheduled message whose token differs is stale and ignored.
    public Guid? MergeTimeoutToken { get; set; }
    public Guid? DeployTimeoutToken { get; set; }
    public Guid? SmokeTimeoutToken { get; set; }
    public Guid? GateRecheckToken { get; set; }
    public Guid? DeploymentRecheckToken { get; set; }
    public Guid? LaneRecheckToken { get; set; }
    public Guid? SmokeRecheckToken { get; set; }
    public Guid? MergeGraceToken { get; set; }
}
