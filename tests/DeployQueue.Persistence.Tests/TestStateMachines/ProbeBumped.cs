namespace DeployQueue.Persistence.Tests.TestStateMachines;

public record ProbeBumped(Guid DeployId);
