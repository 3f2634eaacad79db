namespace DeployQueue.Contracts;

/// <summary>
/// A rollout step's Deployment succeeded: judge it with the target's monitoring checks for <see cref="Pause"/>. The verdict
/// goes back as <see cref="CanaryStepPassed"/> or <see cref="CanaryStepFailed"/>. Deploy saga → monitor saga (of its lane).
/// </summary>
public record JudgeCanaryStep(MonitorRelease Release, CanaryStep Step, TimeSpan Pause);
