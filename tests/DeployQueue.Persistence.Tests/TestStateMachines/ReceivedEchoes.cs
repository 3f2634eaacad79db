using System.Collections.Concurrent;

namespace DeployQueue.Persistence.Tests.TestStateMachines;

/// <summary>Every <see cref="ProbeEcho"/> delivery this instance received, by MessageId.</summary>
public sealed class ReceivedEchoes
{
    readonly ConcurrentQueue<(Guid MessageId, ProbeEcho Echo)> _received = new();

    public void Add(Guid messageId, ProbeEcho echo) => _received.Enqueue((messageId, echo));

    public IReadOnlyList<(Guid MessageId, ProbeEcho Echo)> Of(Guid deployId) => _received.Where(r => r.Echo.DeployId == deployId).ToList();
}
