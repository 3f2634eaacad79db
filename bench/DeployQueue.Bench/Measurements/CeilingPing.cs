namespace DeployQueue.Bench.Measurements;

/// <summary>The message that the bare consumer of the ceiling receives: about the size of a saga event.</summary>
public sealed record CeilingPing(Guid DeployId, int Sequence, DateTimeOffset At);
