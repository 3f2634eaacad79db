namespace DeployQueue.Contracts;

/// <summary>
/// A deploy of the lane starts changing its target (its PR merged, or its promotion started): the release monitored on
/// that lane, if another, is superseded. Deploy saga → monitor saga.
/// </summary>
public record LaneTargetChanging(Guid LaneId, Guid DeployId, int Attempt, string MergeSha);
