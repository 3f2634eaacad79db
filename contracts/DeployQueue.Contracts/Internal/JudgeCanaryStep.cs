namespace DeployQueue.Contracts;

/// <summary>
/// A rollout step's Deployment succeeded: judge it with the target's monitoring checks for <see cref="Pause"/>. The verdict
/// goes back as <see cref="CanaryStepPassed"/> or <see cref="CanaryStepFailed"/>. Deploy saga → monitor saga (of its lane).
/// <see cref="PreviewUrl"/>: a blue-green step at 0 % serves no traffic, so its checks go to the new version's own URL (the step
/// Deployment's <c>environment_url</c>) instead of the target's.
/// </summary>
public record JudgeCanaryStep(MonitorRelease Release, CanaryStep Step, TimeSpan Pause, string? PreviewUrl);
