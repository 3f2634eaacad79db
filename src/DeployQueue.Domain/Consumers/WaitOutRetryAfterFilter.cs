using System.Globalization;
using DeployQueue.Domain.Ports;
using MassTransit;

namespace DeployQueue.Domain.Consumers;

/// <summary>
/// A dependency that asked to be called again after a while (<see cref="RetryAfterException"/>: GitHub's secondary rate
/// limits ask for a minute) is waited out by scheduling the message again for then, as a new message; the one consumed
/// is done. Its retries are left for real faults: a wait of a minute would spend them all, and the deploy would fail at
/// its timeout. It sits inside the endpoint's retry and outside the outbox, so whatever the failed attempt sent is
/// discarded with it. A message set aside <see cref="MaxWaits"/> times goes through the retries like any fault.
/// </summary>
public sealed class WaitOutRetryAfterFilter<T> : IFilter<ConsumeContext<T>>
    where T : class
{
    /// <summary>How many times one command may be set aside: at a minute each, longer than any deploy timeout's default.</summary>
    public const int MaxWaits = 30;

    /// <summary>The header counting how many times the message was set aside.</summary>
    public const string WaitsHeader = "DeployQueue-RetryAfter-Waits";

    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        try
        {
            await next.Send(context);
        }
        catch (Exception e) when (RetryAfter(e) is { } wait && Waits(context) is var waits && waits < MaxWaits)
        {
            await context.ScheduleSend(context.ReceiveContext.InputAddress, wait, context.Message,
                Pipe.Execute<SendContext<T>>(send => send.Headers.Set(WaitsHeader, waits + 1)), context.CancellationToken);
        }
    }

    /// <summary>How many times this message was set aside before (the header comes back as whatever number type the transport reads).</summary>
    static int Waits(ConsumeContext context) =>
        context.Headers.TryGetHeader(WaitsHeader, out var waits) ? Convert.ToInt32(waits, CultureInfo.InvariantCulture) : 0;

    /// <summary>The wait asked for, wherever MassTransit wrapped the exception.</summary>
    static TimeSpan? RetryAfter(Exception e) => e switch
    {
        RetryAfterException asked => asked.RetryAfter,
        AggregateException aggregate => aggregate.InnerExceptions.Select(RetryAfter).FirstOrDefault(w => w is not null),
        _ => e.InnerException is { } inner ? RetryAfter(inner) : null,
    };

    public void Probe(ProbeContext context) => context.CreateFilterScope("waitOutRetryAfter");
}
