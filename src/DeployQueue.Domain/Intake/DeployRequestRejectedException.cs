namespace DeployQueue.Domain.Intake;

/// <summary>
/// A deploy request that fails validation. Thrown by the intake so that MassTransit moves the message,
/// with this reason in its fault headers, to `deploy_error`; never retried.
/// </summary>
public sealed class DeployRequestRejectedException(string reason) : Exception($"Deploy request rejected: {reason}")
{
    public string Reason { get; } = reason;
}
