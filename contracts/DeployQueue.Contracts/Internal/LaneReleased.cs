namespace DeployQueue.Contracts;

/// <summary>
/// A deploy gives its lane back (done, failed, or waiting outside it) or leaves the queue.
/// <see cref="SucceededSha"/> is set when the deploy succeeded: the lane's new last known good SHA.
/// Deploy saga → lane saga.
/// </summary>
public record LaneReleased(Guid LaneId, Guid DeployId, Guid Ticket, string? SucceededSha);
