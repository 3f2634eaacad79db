using DeployQueue.Contracts;
using MassTransit;

namespace DeployQueue.Cli.Demo;

/// <summary>Listens on a temporary queue of its own, so the durable downstream queues keep their messages.</summary>
public sealed class DemoRecorderConsumer(DemoRecorder recorder) : IConsumer<Announcement>, IConsumer<FixTaskRequested>
{
    public Task Consume(ConsumeContext<Announcement> context)
    {
        recorder.Add(context.Message);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<FixTaskRequested> context)
    {
        recorder.Add(context.Message);
        return Task.CompletedTask;
    }
}
