using DeployQueue.Contracts;

namespace DeployQueue.Domain.Ports;

/// <summary>Which pipeline to look at: the target's workflow and/or its GitHub environment, for an attempt after the one
/// that ended at <paramref name="EarlierAttemptEndedAt"/> (what the pipeline did before belongs to that earlier attempt;
/// null for a first attempt, whose evidence is all the pipeline shows).</summary>
public sealed record PipelineQuery(string Repository, string MergeSha, string? Workflow, string Environment, DeployTrigger Trigger,
    DateTimeOffset? EarlierAttemptEndedAt);
