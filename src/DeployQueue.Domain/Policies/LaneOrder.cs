using DeployQueue.Domain.StateMachines;

namespace DeployQueue.Domain.Policies;

/// <summary>The order in which a lane's waiting deploys get it: the highest priority first, then the oldest.</summary>
public static class LaneOrder
{
    /// <summary>The waiting tickets in turn: the first one is granted the lane next.</summary>
    public static IOrderedEnumerable<LaneTicket> Of(IEnumerable<LaneTicket> waiting) =>
        waiting.OrderByDescending(w => w.Priority).ThenBy(w => w.QueuedAt);
}
