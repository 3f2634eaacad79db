namespace DeployQueue.Persistence.Tests.TestStateMachines;

public record ProbeEcho(Guid DeployId, int Index);
