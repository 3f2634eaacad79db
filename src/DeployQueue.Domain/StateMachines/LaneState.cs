using MassTransit;

namespace DeployQueue.Domain.StateMachines;

/// <summary>
/// The lane of one (repository, target): at most one deploy holds it (Merging, Deploying, Smoke),
/// the others wait in <see cref="Waiting"/> and go next by priority, then oldest first.
/// </summary>
public class LaneState : SagaStateMachineInstance, ILaneSaga
{
    public Guid CorrelationId { get; set; }
    public string CurrentState { get; set; } = "";

    /// <summary>PostgreSQL's xmin, for optimistic concurrency between competing instances.</summary>
    public uint RowVersion { get; set; }

    public string Repository { get; set; } = "";
    public string Target { get; set; } = "";

    public LaneTicket? Holder { get; set; }
    public List<LaneTicket> Waiting { get; set; } = [];

    /// <summary>Set while an operator keeps the lane stopped: nothing is granted it but the lane's own rollback.</summary>
    public LaneLock? Lock { get; set; }

    /// <summary>The SHA of the last deploy that succeeded on this target: what a rollback goes back to.</summary>
    public string? LastKnownGoodSha { get; set; }
}
