using MassTransit;

namespace DeployQueue.Domain.StateMachines;

/// <summary>
/// The deploy saga's endpoint. Retry comes first, so a concurrency conflict with another instance is
/// retried on a fresh scope; the in-memory outbox holds what the saga publishes until its state is saved.
/// </summary>
public class DeployStateDefinition : SagaDefinition<DeployState>
{
    protected override void ConfigureSaga(IReceiveEndpointConfigurator endpointConfigurator, ISagaConfigurator<DeployState> sagaConfigurator,
        IRegistrationContext context) => SagaEndpoint.Configure(endpointConfigurator, context);
}

/// <summary>The lane saga's endpoint, configured like the deploy saga's.</summary>
public class LaneStateDefinition : SagaDefinition<LaneState>
{
    protected override void ConfigureSaga(IReceiveEndpointConfigurator endpointConfigurator, ISagaConfigurator<LaneState> sagaConfigurator,
        IRegistrationContext context) => SagaEndpoint.Configure(endpointConfigurator, context);
}

static class SagaEndpoint
{
    public static void Configure(IReceiveEndpointConfigurator endpoint, IRegistrationContext context)
    {
        endpoint.UseMessageRetry(r => r.Exponential(10, TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(50)));
        endpoint.UseInMemoryOutbox(context);
    }
}
