using System.Diagnostics;
using MassTransit;
using MassTransit.Logging;

namespace DeployQueue.Infrastructure.Postgres.Outbox;

/// <summary>
/// The sender's trace context in a message stored in the outbox. MassTransit writes it from its "outbox send" span; when
/// that span is not created (a sampler drops it), the message would leave without it and start a trace of its own. The
/// current activity's then goes instead: the delivery continues the sender's trace.
/// </summary>
internal static class TraceContextHeader
{
    public static void CarryCurrent(SendHeaders headers)
    {
        if (Activity.Current is { } current && !headers.TryGetHeader(DiagnosticHeaders.ActivityId, out _))
            headers.Set(DiagnosticHeaders.ActivityId, current.Id);
    }
}
