using MassTransit;

namespace DeployQueue.Domain.StateMachines;

static class SagaEndpoint
{
    public static void Configure(IReceiveEndpointConfigurator endpoint, IRegistrationContext context) =>
        endpoint.UseEndpointRetry(context, r => r.Exponential(10, TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(50)));
}
