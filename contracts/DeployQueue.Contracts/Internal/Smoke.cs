namespace DeployQueue.Contracts;

/// <summary>Run the target's health, API and version checks against the merge SHA. Deploy saga → smoke consumer.</summary>
public record RunSmokeTests
{
    public Guid DeployId { get; init; }
    public int Attempt { get; init; }
    public string Target { get; init; } = "";
    public string MergeSha { get; init; } = "";
}

/// <summary>Every check passed. Smoke consumer → deploy saga.</summary>
public record SmokeTestsPassed
{
    public Guid DeployId { get; init; }
    public int Attempt { get; init; }
    public IReadOnlyDictionary<string, string> Metrics { get; init; } = new Dictionary<string, string>();
}

/// <summary>Some checks failed; one problem per failed check. Smoke consumer → deploy saga.</summary>
public record SmokeTestsFailed
{
    public Guid DeployId { get; init; }
    public int Attempt { get; init; }
    public IReadOnlyList<Problem> Problems { get; init; } = [];
}
