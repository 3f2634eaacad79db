using DeployQueue.Contracts;
using MassTransit;

namespace DeployQueue.Domain.StateMachines;

/// <summary>
/// The monitor of one lane (repository, target), correlated on the lane's id: the release it watches now, how its
/// intervals went, and a rollback in flight. Each release watched is a new <see cref="Watch"/>; results of an earlier
/// one are stale.
/// </summary>
public class MonitorState : SagaStateMachineInstance, ILaneSaga
{
    public Guid CorrelationId { get; set; }
    public string CurrentState { get; set; } = "";

    /// <summary>PostgreSQL's xmin, for optimistic concurrency between competing instances.</summary>
    public uint RowVersion { get; set; }

    public string Repository { get; set; } = "";
    public string Target { get; set; } = "";

    /// <summary>How many releases this lane's monitor has watched: the number of the current one.</summary>
    public int Watch { get; set; }
    public MonitoredRelease Release { get; set; } = new();
    /// <summary>The rollout step of the release judged now (for its pause); null while the release itself is watched after its deploy.</summary>
    public CanaryStep? Canary { get; set; }
    /// <summary>Where a blue-green step at 0 % is checked: the new version's own URL. Null: the target's.</summary>
    public string? PreviewUrl { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? WindowEndsAt { get; set; }

    /// <summary>Intervals sampled so far (sent), and the verdicts that came back.</summary>
    public int Samples { get; set; }
    /// <summary>The newest interval judged: a redelivered or late result of an earlier one is not judged again.</summary>
    public int LastJudgedSample { get; set; }
    public int ConsecutiveFailures { get; set; }
    public int ConsecutiveInconclusive { get; set; }
    /// <summary>The failed checks of the current streak of failed intervals: what the fix tasks show.</summary>
    public List<MonitoringCheckSample> FailingSamples { get; set; } = [];
    public List<CheckFigure> Figures { get; set; } = [];
    public List<Guid> FixTaskIds { get; set; } = [];

    /// <summary>How the watch ended, or what it does now, for `deployq status`.</summary>
    public string? Outcome { get; set; }
    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>While a rollback is decided or in flight: the lane ticket the monitor holds (or waits for) to keep deploys out.</summary>
    public Guid? RollbackTicket { get; set; }
    /// <summary>Why the release is rolled back: its failed checks, or the failure of its deploy. RollbackRequested says it.</summary>
    public string? RollbackReason { get; set; }
    public DateTimeOffset? RollbackDecidedAt { get; set; }

    // Tokens of the scheduled messages; a scheduled message whose token differs is stale and ignored.
    public Guid? IntervalToken { get; set; }
    public Guid? WindowToken { get; set; }
    public Guid? RollbackCheckToken { get; set; }
    public Guid? RollbackTimeoutToken { get; set; }
}
