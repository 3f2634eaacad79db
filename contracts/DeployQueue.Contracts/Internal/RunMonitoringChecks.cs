namespace DeployQueue.Contracts;

/// <summary>
/// Sample the target's monitoring checks once (one interval's requests and queries). Monitor saga → monitoring consumer.
/// <see cref="Watch"/> names the release being watched: a result of an earlier watch of the lane is stale.
/// </summary>
public record RunMonitoringChecks(Guid LaneId, int Watch, int Sample, string Target, string MergeSha);
