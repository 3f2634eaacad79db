namespace DeployQueue.Contracts;

/// <summary>Some checks failed; one problem per failed check. Smoke consumer → deploy saga.</summary>
public record SmokeTestsFailed : IAttemptResult
{
    public Guid DeployId { get; init; }
    public int Attempt { get; init; }
    public IReadOnlyList<Problem> Problems { get; init; } = [];
}
