namespace DeployQueue.Contracts;

/// <summary>
/// The step failed its checks (<c>FailureLimit</c> intervals in a row): the rollout is aborted. The monitor has requested
/// <see cref="FixTasks"/> (one per failing check, with its failing samples); <see cref="Failures"/> sums them up. Monitor saga →
/// deploy saga, which announces the failure and hands the release to the monitor's rollback.
/// </summary>
public record CanaryStepFailed(Guid DeployId, int Attempt, int Step, string Failures, IReadOnlyList<FixTaskRequested> FixTasks)
    : IAttemptResult, IStepResult;
