using DeployQueue.Contracts;
using DeployQueue.Domain.Configuration;
using DeployQueue.Domain.Policies;
using MassTransit;

namespace DeployQueue.Service.Status;

/// <summary>Locks and unlocks a lane for the API and the page: a lane of an allowed repository and a known target only.</summary>
public sealed class LaneLocks(TargetCatalog targets, IPublishEndpoint publish, TimeProvider clock)
{
    /// <summary>Null when published; otherwise why not.</summary>
    public async Task<string?> Lock(string repository, string target, string? reason, string? author, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(reason))
            return "a reason is required";
        if (Problem(repository, target) is { } problem)
            return problem;
        await publish.Publish(new LockLane(DeployIdentity.LaneId(repository, target), repository, target, reason.Trim(), Author(author),
            clock.GetUtcNow()), cancellationToken);
        return null;
    }

    public async Task<string?> Unlock(string repository, string target, string? author, CancellationToken cancellationToken)
    {
        if (Problem(repository, target) is { } problem)
            return problem;
        await publish.Publish(new UnlockLane(DeployIdentity.LaneId(repository, target), repository, target, Author(author), clock.GetUtcNow()),
            cancellationToken);
        return null;
    }

    string? Problem(string repository, string target) =>
        !targets.IsAllowed(repository) ? $"repository '{repository}' is not in the allow-list (DeployQueue:Repositories)"
        : !targets.IsKnown(target) ? $"target '{target}' is unknown (configured: {string.Join(", ", targets.Options.Targets.Keys)})"
        : null;

    static string Author(string? author) => string.IsNullOrWhiteSpace(author) ? "someone with the API token" : author.Trim();
}
