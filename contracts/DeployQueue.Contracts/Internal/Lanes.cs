namespace DeployQueue.Contracts;

// Every lane message names a ticket: one per time a deploy queues for its lane. A grant or release
// of an old ticket (reordered or redelivered) is recognised as stale, so a lane is never held twice
// nor left held by a deploy that moved on.

/// <summary>A deploy queues for its lane (repository, target), to change the target. Deploy saga → lane saga.</summary>
public record LaneRequested(Guid LaneId, string Repository, string Target, Guid DeployId, Guid Ticket, TaskPriority Priority, DateTimeOffset QueuedAt);

/// <summary>The lane is the deploy's until it releases that ticket. Lane saga → deploy saga.</summary>
public record LaneGranted(Guid LaneId, Guid DeployId, Guid Ticket, string? LastKnownGoodSha);

/// <summary>
/// A deploy gives its lane back (done, failed, or waiting outside it) or leaves the queue.
/// <see cref="SucceededSha"/> is set when the deploy succeeded: the lane's new last known good SHA.
/// Deploy saga → lane saga.
/// </summary>
public record LaneReleased(Guid LaneId, Guid DeployId, Guid Ticket, string? SucceededSha);
