using DeployQueue.Domain.Ports;
using MassTransit;

namespace DeployQueue.Domain;

public static class EndpointRetryExtensions
{
    /// <summary>
    /// An endpoint's retry of what fails while handling its messages, except a <see cref="DependencyOutage"/> the host
    /// registered: the host's own, longer retry around the endpoint waits that out.
    /// </summary>
    public static void UseEndpointRetry(this IReceiveEndpointConfigurator endpoint, IRegistrationContext context, Action<IRetryConfigurator> policy) =>
        endpoint.UseMessageRetry(retry =>
        {
            if (context.GetService(typeof(DependencyOutage)) is DependencyOutage outage)
                retry.Ignore<Exception>(outage.Matches);
            policy(retry);
        });
}
