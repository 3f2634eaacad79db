namespace DeployQueue.Contracts;

/// <summary>A deploy queues for its lane (repository, target), to change the target. Deploy saga → lane saga.</summary>
/// <remarks>
/// Every lane message (this, <see cref="LaneGranted"/>, <see cref="LaneReleased"/>) names a ticket: one per time a
/// deploy queues for its lane. A grant or release of an old ticket (reordered or redelivered) is recognised as stale,
/// so a lane is never held twice nor left held by a deploy that moved on.
/// </remarks>
public record LaneRequested(Guid LaneId, string Repository, string Target, Guid DeployId, Guid Ticket, TaskPriority Priority, DateTimeOffset QueuedAt);
