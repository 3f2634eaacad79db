namespace DeployQueue.Persistence.Tests.TestStateMachines;

/// <param name="FailFirstDelivery">MassTransit's simulated delivery failure on the first echo: the outbox commits, then cannot send.</param>
public record ProbeFannedOut(Guid DeployId, int Echoes, TimeSpan TimeoutDelay, bool FailFirstDelivery = false);
