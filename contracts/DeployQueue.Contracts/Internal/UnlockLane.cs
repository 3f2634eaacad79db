namespace DeployQueue.Contracts;

/// <summary>An operator lets a locked lane go on: the next waiting deploy is granted it. API, page or <c>deployq unlock</c> → lane saga.</summary>
public record UnlockLane(Guid LaneId, string Repository, string Target, string Author, DateTimeOffset At);
