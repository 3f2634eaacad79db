namespace DeployQueue.Contracts;

/// <summary>
/// A deploy failed after it changed a target that rolls back: the lane's monitor rolls the release back to
/// <see cref="MonitorRelease.PreviousGoodSha"/> and verifies it, as it does a release that degrades while watched. The deploy
/// hands it its lane with <see cref="Ticket"/> (<see cref="LaneReleased.RollbackTicket"/>), so no deploy goes between.
/// <see cref="Reason"/> and <see cref="FixTaskIds"/> are the deploy's, for RollbackRequested. Deploy saga → monitor saga.
/// </summary>
public record RollBackRelease(MonitorRelease Release, Guid Ticket, string Reason, IReadOnlyList<Guid> FixTaskIds);
