using System.Diagnostics;
using MassTransit;
using MassTransit.Logging;

namespace DeployQueue.Service.Telemetry;

/// <summary>
/// Writes the sender's trace context into every message sent or published, before the outbox stores it. MassTransit
/// writes it only from its "outbox send" and transport send spans, which <see cref="WithoutOutboxSpans"/> does not make
/// under a consumer: the message then carries the consumer's span, and the receiver continues that trace.
/// </summary>
public sealed class CarryTraceContext<TContext> : IFilter<TContext>
    where TContext : class, SendContext
{
    public Task Send(TContext context, IPipe<TContext> next)
    {
        if (Activity.Current is { } current && !context.Headers.TryGetHeader(DiagnosticHeaders.ActivityId, out _))
            context.Headers.Set(DiagnosticHeaders.ActivityId, current.Id);
        return next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("carryTraceContext");
}

public static class CarryTraceContextExtensions
{
    /// <summary>The sender's trace context in every message, sent or published (<see cref="CarryTraceContext{TContext}"/>).</summary>
    public static void UseTraceContextOnEveryMessage(this IBusFactoryConfigurator bus)
    {
        bus.ConfigureSend(send => send.UseFilter(new CarryTraceContext<SendContext>()));
        bus.ConfigurePublish(publish => publish.UseFilter(new CarryTraceContext<PublishContext>()));
    }
}
