using DeployQueue.Contracts;

namespace DeployQueue.Domain.Ports;

/// <summary>Which pipeline to look at: the target's workflow and/or its GitHub environment, for an attempt after the one
/// that ended at <paramref name="EarlierAttemptEndedAt"/> (what the pipeline did before belongs to that earlier attempt;
/// null for a first attempt, whose evidence is all the pipeline shows). <paramref name="LastKnownGoodSha"/> is what the target
/// ran before this deploy, as the lane granted it: a newer Deployment of it (the queue's own rollback or abort of an
/// earlier attempt) does not supersede the merge SHA, so a new attempt deploys again.</summary>
public sealed record PipelineQuery(string Repository, string MergeSha, string? Workflow, string Environment, DeployTrigger Trigger,
    DateTimeOffset? EarlierAttemptEndedAt, string? LastKnownGoodSha = null);
