namespace DeployQueue.Persistence.Tests.TestStateMachines;

public record ProbeTimedOut(Guid DeployId);
