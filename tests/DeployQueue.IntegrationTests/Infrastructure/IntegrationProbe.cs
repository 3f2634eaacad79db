namespace DeployQueue.IntegrationTests.Infrastructure;

/// <summary>A test-only message, consumed on the queue `integration-probe` of the service's bus.</summary>
public record IntegrationProbe(Guid ProbeId);
