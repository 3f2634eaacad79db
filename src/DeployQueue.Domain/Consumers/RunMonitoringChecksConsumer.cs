using DeployQueue.Contracts;
using DeployQueue.Domain.Configuration;
using DeployQueue.Domain.Ports;
using MassTransit;

namespace DeployQueue.Domain.Consumers;

/// <summary>One interval of a release's monitoring: the target's checks, sampled once and judged, back to its lane's monitor.</summary>
public class RunMonitoringChecksConsumer(IMonitoringProbe probe, TargetCatalog targets) : IConsumer<RunMonitoringChecks>
{
    public async Task Consume(ConsumeContext<RunMonitoringChecks> context)
    {
        var command = context.Message;
        var checks = await probe.Sample(command.Target, targets[command.Target], command.MergeSha, command.StableSha, command.PreviewUrl,
            context.CancellationToken);
        await context.Publish(new MonitoringSampled(command.LaneId, command.Watch, command.Sample, DateTimeOffset.UtcNow, checks));
    }
}
