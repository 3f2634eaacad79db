namespace DeployQueue.Contracts;

/// <summary>Time to look at the gate again (a PR waiting for approval or checks). Scheduled by the deploy saga.</summary>
public record GateRecheckDue(Guid DeployId);
