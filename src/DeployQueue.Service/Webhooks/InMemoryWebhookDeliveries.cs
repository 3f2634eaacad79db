using System.Collections.Concurrent;
using DeployQueue.Domain.Ports;

namespace DeployQueue.Service.Webhooks;

/// <summary>The embedded profile's deliveries: one process, so its memory is every instance's.</summary>
public sealed class InMemoryWebhookDeliveries : IWebhookDeliveries
{
    readonly ConcurrentDictionary<string, DateTimeOffset> _received = new(StringComparer.Ordinal);

    public Task<bool> Contains(string deliveryId, CancellationToken cancellationToken) =>
        Task.FromResult(_received.ContainsKey(deliveryId));

    public Task Record(string deliveryId, string eventName, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        _received.TryAdd(deliveryId, receivedAt);
        return Task.CompletedTask;
    }

    public Task<DateTimeOffset?> LastReceivedAt(CancellationToken cancellationToken)
    {
        var receivedAt = _received.Values; // a snapshot
        return Task.FromResult(receivedAt.Count == 0 ? null : (DateTimeOffset?)receivedAt.Max());
    }

    public Task<int> ForgetReceivedBefore(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var forgotten = 0;
        foreach (var (id, receivedAt) in _received)
        {
            if (receivedAt < cutoff && _received.TryRemove(id, out _))
                forgotten++;
        }
        return Task.FromResult(forgotten);
    }
}
