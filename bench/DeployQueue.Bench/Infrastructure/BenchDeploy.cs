using DeployQueue.Contracts;
using DeployQueue.Domain.Policies;

namespace DeployQueue.Bench.Infrastructure;

/// <summary>One deploy the bench asks for: its PR, its target, and the saga id the service gives it.</summary>
public sealed record BenchDeploy(string Repository, int PrNumber, string Target)
{
    public Guid DeployId { get; } = DeployIdentity.DeployId(Repository, PrNumber, Target);

    public DeployRequested Request() => new()
    {
        TaskId = $"bench-{DeployId:N}",
        Title = $"Bench deploy of PR #{PrNumber}",
        Repository = Repository,
        PrNumber = PrNumber,
        PrUrl = $"https://github.com/{Repository}/pull/{PrNumber}",
        Branch = $"feature/pr-{PrNumber}",
        FeatureName = $"pr-{PrNumber}",
        Target = Target,
        CommitBuildTaskId = $"build-{PrNumber}",
    };
}
