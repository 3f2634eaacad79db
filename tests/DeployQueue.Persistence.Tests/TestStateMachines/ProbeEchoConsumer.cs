using MassTransit;

namespace DeployQueue.Persistence.Tests.TestStateMachines;

public sealed class ProbeEchoConsumer(ReceivedEchoes received) : IConsumer<ProbeEcho>
{
    public Task Consume(ConsumeContext<ProbeEcho> context)
    {
        received.Add(context.MessageId!.Value, context.Message);
        return Task.CompletedTask;
    }
}
