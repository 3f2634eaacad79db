namespace DeployQueue.Domain.Ports;

/// <summary>
/// Exclusive access to one deploy across every instance, for work that reads GitHub and then writes what it did not find
/// (a deploy's GitHub Deployment): two of a deploy's looks may run at once (a watch redelivered after a kill and a
/// re-check's), and both would create one. Released when the handle is disposed, or when its holder dies.
/// </summary>
public interface IDeployLocks
{
    Task<IAsyncDisposable> Acquire(Guid deployId, CancellationToken cancellationToken);
}
