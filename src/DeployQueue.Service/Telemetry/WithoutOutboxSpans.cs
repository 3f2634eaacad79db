using System.Diagnostics;
using OpenTelemetry.Trace;

namespace DeployQueue.Service.Telemetry;

/// <summary>
/// Every trace whole (parent-based, always on), without MassTransit's two spans around each message sent through the
/// outbox: "outbox send" (stored with the consumer's transaction) and "outbox process" (delivered after it). Beside the
/// transport's own send span they add two spans per message, 64 of a deploy's 165.
/// Dropped under a recorded parent, they are not even created (OpenTelemetry creates no activity for a dropped span whose
/// parent is local), so the send span hangs under the consumer's; the outbox carries that context in the stored message
/// (<c>TraceContextHeader</c> in the PostgreSQL outbox), which MassTransit would have written from the "outbox send" span.
/// </summary>
public sealed class WithoutOutboxSpans : Sampler
{
    static readonly Sampler Default = new ParentBasedSampler(new AlwaysOnSampler());

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        samplingParameters.Name is "outbox send" or "outbox process"
        && samplingParameters.ParentContext.TraceFlags.HasFlag(ActivityTraceFlags.Recorded)
            ? new SamplingResult(SamplingDecision.Drop)
            : Default.ShouldSample(samplingParameters);
}
