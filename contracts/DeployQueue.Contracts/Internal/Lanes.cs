namespace DeployQueue.Contracts;

/// <summary>A deploy asks its lane (repository, target) for the right to change the target. Deploy saga → lane saga.</summary>
public record LaneRequested(Guid LaneId, string Repository, string Target, Guid DeployId, TaskPriority Priority, DateTimeOffset QueuedAt);

/// <summary>The lane is the deploy's until it releases it. Lane saga → deploy saga.</summary>
public record LaneGranted(Guid LaneId, Guid DeployId, string? LastKnownGoodSha);

/// <summary>
/// A deploy gives its lane back (done, failed, or waiting outside it), or withdraws its request.
/// <see cref="SucceededSha"/> is set when the deploy succeeded, so the lane learns its last good SHA.
/// Deploy saga → lane saga.
/// </summary>
public record LaneReleased(Guid LaneId, Guid DeployId, string? SucceededSha);
