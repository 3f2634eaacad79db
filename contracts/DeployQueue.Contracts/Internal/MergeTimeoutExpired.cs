namespace DeployQueue.Contracts;

/// <summary>Scheduled by the deploy saga through the bus scheduler; a timeout is an event, never a sleep.</summary>
public record MergeTimeoutExpired(Guid DeployId);
