using MassTransit;

namespace DeployQueue.IntegrationTests.Infrastructure;

public sealed class IntegrationProbeConsumer(ProbeInbox inbox) : IConsumer<IntegrationProbe>
{
    public const string QueueName = "integration-probe";

    public Task Consume(ConsumeContext<IntegrationProbe> context)
    {
        inbox.Record(context.Message.ProbeId);
        return Task.CompletedTask;
    }
}
