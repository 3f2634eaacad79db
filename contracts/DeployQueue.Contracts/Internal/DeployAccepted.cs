namespace DeployQueue.Contracts;

/// <summary>
/// A <see cref="DeployRequested"/> that passed validation at the edge, with its defaults resolved.
/// Published by the intake consumer on `deploy`; starts or re-attempts the deploy saga.
/// </summary>
public record DeployAccepted
{
    public Guid DeployId { get; init; }
    public DeployRequested Request { get; init; } = new();
    public TaskPriority Priority { get; init; }
    public MergeStrategy MergeStrategy { get; init; }
    /// <summary>For a staged target: the SHA that already succeeded on the prerequisite target.</summary>
    public string? PromotedSha { get; init; }
    public DateTimeOffset AcceptedAt { get; init; }
    /// <summary>The request's identity (DeployIdentity.RequestId, from its idempotency key): a request that comes again is recognised and ignored.</summary>
    public Guid RequestId { get; init; }
}
