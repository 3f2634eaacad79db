namespace DeployQueue.Contracts;

/// <summary>
/// Time to queue for the lane again with the same ticket: a request or grant lost on its way is healed, and the lane
/// probes a holder whose release was lost. Scheduled by the deploy saga while it waits for its lane.
/// </summary>
public record LaneRecheckDue(Guid DeployId);
