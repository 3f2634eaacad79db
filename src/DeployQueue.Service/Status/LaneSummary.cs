using DeployQueue.Domain.StateMachines;
using DeployQueue.Domain.Views;

namespace DeployQueue.Service.Status;

/// <summary>A lane as the API shows it: its lock, its holder, its queue in the order it will go and why each waits.</summary>
public sealed record LaneSummary(string Repository, string Target, LaneLock? Lock, DeploySummary? Holder, bool HeldForRollback,
    IReadOnlyList<LaneSummary.Waiting> Queue)
{
    public sealed record Waiting(string Reason, DeploySummary Deploy);

    public static LaneSummary Of(LaneView lane, DateTimeOffset now) => new(lane.Repository, lane.Target, lane.Lock,
        lane.Holder is { } holder ? DeploySummary.Of(holder, now) : null, lane.HeldForRollback,
        lane.Queue.Select(q => new Waiting(LaneView.Describe(q.Reason), DeploySummary.Of(q.Deploy, now))).ToList());
}
