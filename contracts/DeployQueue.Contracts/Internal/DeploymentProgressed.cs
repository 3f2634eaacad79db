namespace DeployQueue.Contracts;

/// <summary>The pipeline is still running. Watch consumer → deploy saga.</summary>
public record DeploymentProgressed(Guid DeployId, int Attempt, DeployStage? Stage, string Status, string? RunUrl) : IAttemptResult;
