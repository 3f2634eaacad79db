using DeployQueue.Contracts;

namespace DeployQueue.Domain.StateMachines;

/// <summary>A deploy's place in the lane: the deploy, the ticket it queued with, and what orders the queue.</summary>
public record LaneTicket(Guid DeployId, Guid Ticket, TaskPriority Priority, DateTimeOffset QueuedAt);
