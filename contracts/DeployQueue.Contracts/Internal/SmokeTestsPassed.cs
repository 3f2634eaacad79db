namespace DeployQueue.Contracts;

/// <summary>Every check passed. Smoke consumer → deploy saga.</summary>
public record SmokeTestsPassed : IAttemptResult
{
    public Guid DeployId { get; init; }
    public int Attempt { get; init; }
    public IReadOnlyDictionary<string, string> Metrics { get; init; } = new Dictionary<string, string>();
}
