namespace DeployQueue.Domain.Ports;

public sealed record MergeOutcome(MergeOutcomeKind Kind, string? MergeSha, int? StatusCode, string Message);
