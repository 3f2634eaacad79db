using System.Collections.Concurrent;
using MassTransit;

namespace DeployQueue.IntegrationTests.Infrastructure;

/// <summary>A test-only message, consumed on the queue `integration-probe` of the service's bus.</summary>
public record IntegrationProbe(Guid ProbeId);

/// <summary>What the probe consumer received, for the test to wait on.</summary>
public sealed class ProbeInbox
{
    readonly ConcurrentDictionary<Guid, TaskCompletionSource> _expected = new();

    public Task Received(Guid probeId) => Expect(probeId).Task;

    public void Record(Guid probeId) => Expect(probeId).TrySetResult();

    TaskCompletionSource Expect(Guid probeId) =>
        _expected.GetOrAdd(probeId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}

public sealed class IntegrationProbeConsumer(ProbeInbox inbox) : IConsumer<IntegrationProbe>
{
    public const string QueueName = "integration-probe";

    public Task Consume(ConsumeContext<IntegrationProbe> context)
    {
        inbox.Record(context.Message.ProbeId);
        return Task.CompletedTask;
    }
}
