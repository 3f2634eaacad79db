namespace DeployQueue.Contracts;

/// <inheritdoc cref="MergeTimeoutExpired"/>
public record DeployTimeoutExpired(Guid DeployId);
