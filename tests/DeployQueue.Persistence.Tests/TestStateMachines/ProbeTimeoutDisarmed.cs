namespace DeployQueue.Persistence.Tests.TestStateMachines;

public record ProbeTimeoutDisarmed(Guid DeployId);
