using DeployQueue.Contracts;
using DeployQueue.Domain.Configuration;

namespace DeployQueue.Domain.Policies;

/// <summary>A target's rollout steps as the deploy goes through them: which step comes first and next, and how long each is judged.</summary>
public static class RolloutPlan
{
    /// <summary>The first step of a deploy to <paramref name="target"/>; null for a target without a rollout (one deployment, all at once).</summary>
    public static CanaryStep? First(TargetOptions target, string? stableSha) => Step(target, 1, stableSha);

    /// <summary>The step after <paramref name="step"/>.</summary>
    public static CanaryStep Next(TargetOptions target, CanaryStep step) => Step(target, step.Number + 1, step.StableSha)!;

    /// <summary>A step before the last is judged for its pause; the last (100 %) goes on as a deploy does.</summary>
    public static bool IsJudged(CanaryStep? step) => step is not null && step.Number < step.Of;

    /// <summary>A blue-green preview: the new version deployed beside the live one with no traffic, judged at its own URL.</summary>
    public static bool IsPreview(CanaryStep? step) => step is { Weight: 0 };

    public static TimeSpan Pause(TargetOptions target, CanaryStep step) => target.Rollout.Steps[step.Number - 1].Pause;

    static CanaryStep? Step(TargetOptions target, int number, string? stableSha) =>
        target.Rollout.Enabled ? new CanaryStep(number, target.Rollout.Steps.Count, target.Rollout.Steps[number - 1].Weight, stableSha) : null;
}
