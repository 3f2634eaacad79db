using DeployQueue.Domain.Ports;
using MassTransit;

namespace DeployQueue.Domain.StateMachines;

static class SagaEndpoint
{
    public static void Configure(IReceiveEndpointConfigurator endpoint, IRegistrationContext context)
    {
        var conflict = context.GetService(typeof(SagaConflict)) as SagaConflict;
        endpoint.UseEndpointRetry(context, retry =>
        {
            if (conflict is not null)
                retry.Ignore<Exception>(conflict.Matches);
            retry.Exponential(10, TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(50));
        });
        // Inside the failure retry, which leaves conflicts alone: a lost race is no failure. About 40 s of attempts, most a
        // second apart, so that the last of fifty messages racing for one row still wins its turn.
        if (conflict is not null)
            endpoint.UseMessageRetry(retry =>
            {
                retry.Handle<Exception>(conflict.Matches);
                retry.Exponential(40, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(20));
            });
    }
}
