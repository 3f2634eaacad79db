namespace DeployQueue.Contracts;

/// <summary>Run the target's health, API and version checks against the merge SHA. Deploy saga → smoke consumer.</summary>
public record RunSmokeTests
{
    public Guid DeployId { get; init; }
    public int Attempt { get; init; }
    public string Target { get; init; } = "";
    public string MergeSha { get; init; } = "";
    /// <summary>
    /// The attempt's smoke deadline (the target's smoke timeout after the deployment succeeded). Before it, a target
    /// not yet serving the merge SHA healthily is <see cref="SmokeTestsPending"/>; from it on, that is a failure.
    /// </summary>
    public DateTimeOffset Deadline { get; init; }
}

/// <summary>Every check passed. Smoke consumer → deploy saga.</summary>
public record SmokeTestsPassed : IAttemptResult
{
    public Guid DeployId { get; init; }
    public int Attempt { get; init; }
    public IReadOnlyDictionary<string, string> Metrics { get; init; } = new Dictionary<string, string>();
}

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

/// <summary>Some checks failed; one problem per failed check. Smoke consumer → deploy saga.</summary>
public record SmokeTestsFailed : IAttemptResult
{
    public Guid DeployId { get; init; }
    public int Attempt { get; init; }
    public IReadOnlyList<Problem> Problems { get; init; } = [];
}
