using MassTransit;

namespace DeployQueue.Domain.StateMachines;

/// <summary>The lane saga's endpoint, configured like the deploy saga's.</summary>
public class LaneStateDefinition : SagaDefinition<LaneState>
{
    protected override void ConfigureSaga(IReceiveEndpointConfigurator endpointConfigurator, ISagaConfigurator<LaneState> sagaConfigurator,
        IRegistrationContext context) => SagaEndpoint.Configure(endpointConfigurator, context);
}
