namespace DeployQueue.Contracts;

/// <summary>
/// A deploy gives its lane back (done, failed, or waiting outside it) or leaves the queue.
/// <see cref="SucceededSha"/> is set when the deploy succeeded: the lane's new last known good SHA.
/// <see cref="RollbackTicket"/> is set when a failed deploy hands the lane straight to the lane's own rollback (its monitor,
/// under the lane's id): the lane is the monitor's with that ticket at once, and no deploy goes between.
/// Deploy saga (or monitor saga) → lane saga.
/// </summary>
public record LaneReleased(Guid LaneId, Guid DeployId, Guid Ticket, string? SucceededSha, Guid? RollbackTicket = null);
