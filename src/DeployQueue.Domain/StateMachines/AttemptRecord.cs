namespace DeployQueue.Domain.StateMachines;

/// <summary>How an earlier attempt ended.</summary>
public record AttemptRecord(int Attempt, string FinalState, string? Outcome, string? MergeSha, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt);
