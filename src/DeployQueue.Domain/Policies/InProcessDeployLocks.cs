using System.Collections.Concurrent;
using DeployQueue.Domain.Ports;

namespace DeployQueue.Domain.Policies;

/// <summary>The locks of a single process (the embedded hosting, the harness tests): enough where no other instance runs.</summary>
public sealed class InProcessDeployLocks : IDeployLocks
{
    readonly ConcurrentDictionary<Guid, SemaphoreSlim> _locks = new();

    public async Task<IAsyncDisposable> Acquire(Guid deployId, CancellationToken cancellationToken)
    {
        var gate = _locks.GetOrAdd(deployId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        return new Held(gate);
    }

    sealed class Held(SemaphoreSlim gate) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            gate.Release();
            return ValueTask.CompletedTask;
        }
    }
}
