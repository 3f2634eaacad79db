using MassTransit;
using MassTransit.Serialization;

namespace DeployQueue.Persistence.Tests.Infrastructure;

/// <summary>
/// A send filter under which the first send of a stored message (the scheduler's poller and the outbox's delivery service
/// send rows as <see cref="SerializedMessageBody"/>) never returns, as a send whose publisher confirm the broker lost with
/// its connection; it ends only with the instance. Every later send goes through.
/// </summary>
public sealed class FirstStoredSendHangs : IFilter<SendContext>
{
    readonly TaskCompletionSource _hung = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once a send hangs.</summary>
    public Task Hung => _hung.Task;

    public async Task Send(SendContext context, IPipe<SendContext> next)
    {
        if (context is SendContext<SerializedMessageBody> && _hung.TrySetResult())
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
        await next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("firstStoredSendHangs");
}
