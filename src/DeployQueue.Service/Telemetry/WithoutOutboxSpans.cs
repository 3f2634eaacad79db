using System.Diagnostics;
using MassTransit.Logging;
using OpenTelemetry.Trace;

namespace DeployQueue.Service.Telemetry;

/// <summary>
/// Every trace whole (parent-based, always on), without MassTransit's two spans around each message sent through the
/// outbox: "outbox send" (stored with the consumer's transaction) and "outbox process" (delivered after it), nor the
/// transport's send span of a message sent by a consumer. Three spans per message sent, 64 + 22 of a deploy's 165.
/// Dropped under a recorded parent, they are not even created (OpenTelemetry creates no activity for a dropped span whose
/// parent is local); the message carries the consumer's context instead (<see cref="CarryTraceContext{TContext}"/>), which
/// MassTransit would have written from those spans.
/// </summary>
public sealed class WithoutOutboxSpans : Sampler
{
    static readonly Sampler Default = new ParentBasedSampler(new AlwaysOnSampler());

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        (samplingParameters.Name is "outbox send" or "outbox process" || IsSendUnderConsumer(samplingParameters))
        && samplingParameters.ParentContext.TraceFlags.HasFlag(ActivityTraceFlags.Recorded)
            ? new SamplingResult(SamplingDecision.Drop)
            : Default.ShouldSample(samplingParameters);

    /// <summary>
    /// The transport's send span of a message a consumer or saga step sends: about a third of a deploy's spans, and
    /// nearly all of what tracing cost (bench/README.md, Telemetry). The message carries the consumer's span instead
    /// (<see cref="CarryTraceContext{TContext}"/>). A send from elsewhere (a webhook's request, the outbox's delivery after
    /// a restart) keeps its span.
    /// </summary>
    static bool IsSendUnderConsumer(in SamplingParameters samplingParameters) =>
        samplingParameters.Kind == ActivityKind.Producer
        && !samplingParameters.ParentContext.IsRemote
        && Activity.Current is { Kind: ActivityKind.Consumer } parent
        && parent.Source.Name == DiagnosticHeaders.DefaultListenerName;
}
