namespace DeployQueue.Contracts;

/// <summary>Time to look at the pipeline again. Scheduled by the deploy saga.</summary>
public record DeploymentRecheckDue(Guid DeployId);
