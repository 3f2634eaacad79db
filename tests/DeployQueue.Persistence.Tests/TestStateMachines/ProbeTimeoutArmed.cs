namespace DeployQueue.Persistence.Tests.TestStateMachines;

public record ProbeTimeoutArmed(Guid DeployId, TimeSpan Delay);
