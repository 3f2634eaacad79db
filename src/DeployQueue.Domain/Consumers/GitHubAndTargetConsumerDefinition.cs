using MassTransit;

namespace DeployQueue.Domain.Consumers;

/// <summary>
/// The endpoints of the consumers that talk to GitHub or to a target. The adapters already retry a
/// transient fault for a few seconds; what still fails is retried here with a longer backoff, and
/// only when those retries are spent does the message go to the error queue, where the saga's timeout
/// turns it into an announcement. A wait GitHub asked for (Retry-After) is not a fault: the message is set aside for that
/// long and spends no retry (<see cref="WaitOutRetryAfterFilter{T}"/>). The host's outbox (on every endpoint but those
/// that only look) publishes a result only once the consumer succeeded.
/// </summary>
public class GitHubAndTargetConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.UseEndpointRetry(context, r => r.Intervals(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15)));
        // Inside the retries: a wait the dependency asked for spends none of them.
        endpointConfigurator.UseConsumeFilter(typeof(WaitOutRetryAfterFilter<>), context);
    }
}
