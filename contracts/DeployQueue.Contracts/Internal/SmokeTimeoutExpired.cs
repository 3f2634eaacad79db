namespace DeployQueue.Contracts;

/// <inheritdoc cref="MergeTimeoutExpired"/>
public record SmokeTimeoutExpired(Guid DeployId);
