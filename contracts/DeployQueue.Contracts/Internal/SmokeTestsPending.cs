namespace DeployQueue.Contracts;

/// <summary>
/// Only health or version checks failed, before the deadline: the target does not serve the merge SHA healthily yet
/// (a rollout still under way). The saga runs the checks again later. Smoke consumer → deploy saga.
/// </summary>
public record SmokeTestsPending : IAttemptResult
{
    public Guid DeployId { get; init; }
    public int Attempt { get; init; }
    /// <summary>What is not ready, one failed check after another ("version /version: expected ..., got ...").</summary>
    public string NotReady { get; init; } = "";
}
