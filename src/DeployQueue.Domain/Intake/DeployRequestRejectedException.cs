using DeployQueue.Contracts;

namespace DeployQueue.Domain.Intake;

/// <summary>
/// A deploy request that cannot be read or is not valid, thrown where that is found (the deserializer of queue
/// `deploy`, or its consumer) so that MassTransit moves the message once, never retried, to `deploy_error` with this
/// reason in its `MT-Fault-Message` header; <see cref="AnnounceRejectedRequestFilter"/> announces it there.
/// </summary>
public sealed class DeployRequestRejectedException(string reason, DeployRequested request) : Exception($"Deploy request rejected: {reason}")
{
    public string Reason { get; } = reason;

    /// <summary>What could be read of the request: the announcement names its task, repository, PR and target where known.</summary>
    public DeployRequested Request { get; } = request;
}
