namespace DeployQueue.Contracts;

/// <summary>Time to run the smoke checks again on a target that was not ready yet. Scheduled by the deploy saga.</summary>
public record SmokeRecheckDue(Guid DeployId);
