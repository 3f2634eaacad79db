using MassTransit;

namespace DeployQueue.Domain.StateMachines;

/// <summary>The monitor saga's endpoint, configured like the deploy saga's.</summary>
public class MonitorStateDefinition : SagaDefinition<MonitorState>
{
    protected override void ConfigureSaga(IReceiveEndpointConfigurator endpointConfigurator, ISagaConfigurator<MonitorState> sagaConfigurator,
        IRegistrationContext context) => SagaEndpoint.Configure(endpointConfigurator, context);
}
