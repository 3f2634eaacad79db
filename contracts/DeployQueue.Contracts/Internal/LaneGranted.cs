namespace DeployQueue.Contracts;

/// <summary>The lane is the deploy's until it releases that ticket. Lane saga → deploy saga.</summary>
public record LaneGranted(Guid LaneId, Guid DeployId, Guid Ticket, string? LastKnownGoodSha);
