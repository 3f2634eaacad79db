namespace DeployQueue.Persistence.Tests.TestStateMachines;

public record ProbeAdvanced(Guid DeployId);
