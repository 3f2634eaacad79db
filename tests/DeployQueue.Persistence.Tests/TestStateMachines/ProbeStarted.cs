namespace DeployQueue.Persistence.Tests.TestStateMachines;

public record ProbeStarted(Guid DeployId, string Repository, int PrNumber, string Target);
