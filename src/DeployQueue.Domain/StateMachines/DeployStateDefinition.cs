using MassTransit;

namespace DeployQueue.Domain.StateMachines;

/// <summary>
/// The deploy saga's endpoint. Retry comes first, so a concurrency conflict with another instance is
/// retried on a fresh scope. The outbox that holds what the saga publishes until its state is saved is the
/// host's choice (in memory, or transactional in PostgreSQL), added to every endpoint.
/// </summary>
public class DeployStateDefinition : SagaDefinition<DeployState>
{
    protected override void ConfigureSaga(IReceiveEndpointConfigurator endpointConfigurator, ISagaConfigurator<DeployState> sagaConfigurator,
        IRegistrationContext context) => SagaEndpoint.Configure(endpointConfigurator, context);
}
