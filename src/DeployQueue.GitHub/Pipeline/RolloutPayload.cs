using DeployQueue.Contracts;

namespace DeployQueue.GitHub.Pipeline;

/// <summary>
/// The payload of a rollout's GitHub Deployment, the contract with the deploy workflow (README, "Progressive rollout"):
/// <see cref="Weight"/> percent of the traffic on <see cref="Canary"/>, the rest on <see cref="Stable"/>. A step's Deployment is
/// of the canary; an abort's is of the stable SHA, with weight 0.
/// </summary>
public sealed record RolloutPayload(int Weight, int Step, int Of, string Canary, string? Stable)
{
    public static RolloutPayload ForStep(CanaryStep step, string canary) => new(step.Weight, step.Number, step.Of, canary, step.StableSha);

    public static RolloutPayload ForAbort(string canary, string stable) => new(0, 0, 0, canary, stable);
}
