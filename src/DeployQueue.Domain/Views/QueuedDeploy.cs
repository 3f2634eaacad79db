using DeployQueue.Domain.StateMachines;

namespace DeployQueue.Domain.Views;

/// <summary>A deploy waiting in a lane's queue, and why it waits.</summary>
public sealed record QueuedDeploy(DeployState Deploy, WaitReason Reason);
