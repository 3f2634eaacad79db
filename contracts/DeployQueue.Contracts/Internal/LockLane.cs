namespace DeployQueue.Contracts;

/// <summary>
/// An operator stops a lane (an incident, a release freeze): deploys keep queueing, none is granted the lane until
/// <see cref="UnlockLane"/>; the deploy holding it finishes. API, page or <c>deployq lock</c> → lane saga.
/// </summary>
public record LockLane(Guid LaneId, string Repository, string Target, string Reason, string Author, DateTimeOffset At);
