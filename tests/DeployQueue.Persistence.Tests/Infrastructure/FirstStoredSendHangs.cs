using MassTransit;
using MassTransit.Serialization;

namespace DeployQueue.Persistence.Tests.Infrastructure;

/// <summary>
/// A send filter under which the first send of a stored message (the scheduler's poller and the outbox's delivery service
/// send rows as <see cref="SerializedMessageBody"/>) to the queue or exchange named <paramref name="destination"/> never
/// returns, as a send whose publisher confirm the broker lost with its connection; it ends only with the instance. Every
/// later send goes through.
/// </summary>
public sealed class FirstStoredSendHangs(string destination) : IFilter<SendContext>
{
    readonly TaskCompletionSource _hung = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once a send hangs.</summary>
    public Task Hung => _hung.Task;

    public async Task Send(SendContext context, IPipe<SendContext> next)
    {
        if (context is SendContext<SerializedMessageBody>
            && context.DestinationAddress?.AbsolutePath.EndsWith(destination, StringComparison.Ordinal) == true
            && _hung.TrySetResult())
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
        await next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("firstStoredSendHangs");
}
