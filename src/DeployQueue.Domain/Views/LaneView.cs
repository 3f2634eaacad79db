using DeployQueue.Domain.Policies;
using DeployQueue.Domain.StateMachines;

namespace DeployQueue.Domain.Views;

/// <summary>
/// One lane as people look at it (the status page, the API, <c>deployq status</c>): its lock, the deploy holding it,
/// and the deploys behind it in the order they will go — first those queued for the lane (priority, then oldest, as
/// <see cref="LaneOrder"/> grants it), then those the gate keeps out of it, oldest first.
/// </summary>
public sealed record LaneView(string Repository, string Target, LaneLock? Lock, DeployState? Holder, bool HeldForRollback,
    IReadOnlyList<QueuedDeploy> Queue)
{
    /// <summary>The states of a deploy in a lane's queue or holding it (a holder that ended may keep it too, for a merge that may land).</summary>
    public static readonly IReadOnlyList<string> InLaneStates =
    [
        nameof(DeployStateMachine.Claimed), nameof(DeployStateMachine.AwaitingGate), nameof(DeployStateMachine.Merging),
        nameof(DeployStateMachine.Deploying), nameof(DeployStateMachine.Smoke),
    ];

    /// <summary>Every lane among <paramref name="lanes"/>, with <paramref name="deploys"/> placed in it; sorted by repository, then target.</summary>
    public static IReadOnlyList<LaneView> Of(IReadOnlyList<LaneState> lanes, IReadOnlyList<DeployState> deploys)
    {
        var byLane = deploys.ToLookup(d => d.LaneId);
        return lanes
            .OrderBy(l => l.Repository, StringComparer.OrdinalIgnoreCase).ThenBy(l => l.Target, StringComparer.OrdinalIgnoreCase)
            .Select(lane => Of(lane, byLane[lane.CorrelationId].ToDictionary(d => d.CorrelationId)))
            .ToList();
    }

    static LaneView Of(LaneState lane, IReadOnlyDictionary<Guid, DeployState> deploys)
    {
        var laneWait = lane.Lock is not null ? WaitReason.LaneLocked : WaitReason.LaneBusy;
        var queued = LaneOrder.Of(lane.Waiting)
            .Select(ticket => deploys.GetValueOrDefault(ticket.DeployId))
            .Where(d => d?.CurrentState == nameof(DeployStateMachine.Claimed))
            .Select(d => new QueuedDeploy(d!, laneWait));
        var atGate = deploys.Values
            .Where(d => d.CurrentState == nameof(DeployStateMachine.AwaitingGate))
            .OrderBy(d => d.Attempt.StartedAt)
            .Select(d => new QueuedDeploy(d, d.Attempt.GateBlockedBy == Contracts.MergeBlockReason.ChecksPending ? WaitReason.Checks : WaitReason.Approval));
        var holder = lane.Holder is { } ticket ? deploys.GetValueOrDefault(ticket.DeployId) : null;
        return new LaneView(lane.Repository, lane.Target, lane.Lock, holder, lane.Holder?.DeployId == lane.CorrelationId, [.. queued, .. atGate]);
    }

    /// <summary>Where the deploy stands in this lane: "holds it", "2 of 3 waiting (lane busy)", or null when it is not in it.</summary>
    public string? PlaceOf(DeployState deploy)
    {
        if (Holder?.CorrelationId == deploy.CorrelationId)
            return $"holds it ({HolderActivity})";
        var place = Queue.ToList().FindIndex(q => q.Deploy.CorrelationId == deploy.CorrelationId);
        return place < 0 ? null : $"{place + 1} of {Queue.Count} waiting ({Describe(Queue[place].Reason)})";
    }

    /// <summary>What the holder does with the lane now: its state, and the stage a deployment reached; null when nobody holds it.</summary>
    public string? HolderActivity => Holder is null ? null : Activity(Holder);

    static string Activity(DeployState holder) => holder.CurrentState switch
    {
        nameof(DeployStateMachine.Claimed) => "granted the lane",
        nameof(DeployStateMachine.Merging) => "merging",
        nameof(DeployStateMachine.Deploying) when holder.Attempt.Canary is { } step =>
            holder.Attempt.CanaryJudged ? $"rolling out: {step} judged" : $"rolling out: deploying {step}",
        nameof(DeployStateMachine.Deploying) => holder.Attempt.Stage is { } stage ? $"deploying ({stage})" : "deploying",
        nameof(DeployStateMachine.Smoke) => "smoke tests",
        nameof(DeployStateMachine.Failed) => "failed, keeps the lane until its merge reports",
        var state => state,
    };

    public static string Describe(WaitReason reason) => reason switch
    {
        WaitReason.Approval => "approval",
        WaitReason.Checks => "checks",
        WaitReason.LaneBusy => "lane busy",
        WaitReason.LaneLocked => "lane locked",
        _ => reason.ToString(),
    };
}
