using System.Collections.Concurrent;

namespace DeployQueue.IntegrationTests.Infrastructure;

/// <summary>What the probe consumer received, for the test to wait on.</summary>
public sealed class ProbeInbox
{
    readonly ConcurrentDictionary<Guid, TaskCompletionSource> _expected = new();

    public Task Received(Guid probeId) => Expect(probeId).Task;

    public void Record(Guid probeId) => Expect(probeId).TrySetResult();

    TaskCompletionSource Expect(Guid probeId) =>
        _expected.GetOrAdd(probeId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
