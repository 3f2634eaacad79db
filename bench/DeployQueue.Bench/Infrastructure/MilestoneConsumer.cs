using System.Globalization;
using DeployQueue.Contracts;
using MassTransit;

namespace DeployQueue.Bench.Infrastructure;

/// <summary>Records the milestones of every deploy from what the service publishes downstream.</summary>
public sealed class MilestoneConsumer(Milestones milestones) : IConsumer<Announcement>, IConsumer<FixTaskRequested>
{
    public Task Consume(ConsumeContext<Announcement> context)
    {
        var milestone = context.Message.Kind switch
        {
            AnnouncementKind.Started => Milestone.Claimed,
            AnnouncementKind.Merged => Milestone.Merged,
            AnnouncementKind.Succeeded => Milestone.Succeeded,
            AnnouncementKind.Failed => Milestone.Failed,
            AnnouncementKind.Stable => Milestone.Stable,
            _ => (Milestone?)null,
        };
        if (milestone is { } reached)
            milestones.Record(context.Message.DeployId, reached, DateTimeOffset.UtcNow);
        if (context.Message is { Kind: AnnouncementKind.Stable, Duration: { } watched } stable
            && int.TryParse(stable.Metrics.GetValueOrDefault("intervals"), CultureInfo.InvariantCulture, out var intervals) && intervals > 0)
            milestones.RecordInterval(watched / intervals);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<FixTaskRequested> context)
    {
        milestones.Record(context.Message.DeployId, Milestone.FixTaskRequested, DateTimeOffset.UtcNow);
        return Task.CompletedTask;
    }
}
