namespace DeployQueue.Contracts;

/// <summary>
/// A step of a progressive rollout: the <see cref="Number"/>th of <see cref="Of"/>, <see cref="Weight"/> percent of the traffic on
/// the new version, the rest on <see cref="StableSha"/> (what the target ran before; null when the queue knows none). The step's
/// GitHub Deployment carries it as its payload.
/// </summary>
public record CanaryStep(int Number, int Of, int Weight, string? StableSha)
{
    /// <summary>"canary 10 % (step 1 of 3)", as status, history and announcements name it; "preview 0 % (step 1 of 2)" for the new
    /// version deployed beside the live one with no traffic (blue-green).</summary>
    public override string ToString() => $"{(Weight == 0 ? "preview" : "canary")} {Weight} % (step {Number} of {Of})";
}
