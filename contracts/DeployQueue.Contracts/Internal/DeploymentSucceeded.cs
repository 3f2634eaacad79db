namespace DeployQueue.Contracts;

/// <summary>The pipeline finished green. Watch consumer → deploy saga.</summary>
public record DeploymentSucceeded(Guid DeployId, int Attempt, string? RunUrl, string? EnvironmentUrl) : IAttemptResult;
