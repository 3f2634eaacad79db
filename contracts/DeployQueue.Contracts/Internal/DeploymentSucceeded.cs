namespace DeployQueue.Contracts;

/// <summary>The pipeline finished green; of the rollout step numbered <see cref="Step"/> (0 without a rollout). Watch consumer → deploy saga.</summary>
public record DeploymentSucceeded(Guid DeployId, int Attempt, string? RunUrl, string? EnvironmentUrl, int Step) : IAttemptResult, IStepResult;
