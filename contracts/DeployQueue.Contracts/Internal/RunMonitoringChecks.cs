namespace DeployQueue.Contracts;

/// <summary>
/// Sample the target's monitoring checks once (one interval's requests and queries). Monitor saga → monitoring consumer.
/// <see cref="Watch"/> names the release being watched: a result of an earlier watch of the lane is stale. While a canary step
/// is judged the target serves two versions, so its version endpoint may answer <see cref="StableSha"/> too, and a query may
/// compare the two; a blue-green step at 0 % is checked at the new version's own <see cref="PreviewUrl"/> instead of the target's URL.
/// </summary>
public record RunMonitoringChecks(Guid LaneId, int Watch, int Sample, string Target, string MergeSha, string? StableSha, string? PreviewUrl);
