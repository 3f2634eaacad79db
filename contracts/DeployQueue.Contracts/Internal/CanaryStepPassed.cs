namespace DeployQueue.Contracts;

/// <summary>The step's pause passed without <c>FailureLimit</c> failed intervals in a row: the next step. Monitor saga → deploy saga.</summary>
public record CanaryStepPassed(Guid DeployId, int Attempt, int Step) : IAttemptResult, IStepResult;
