using DeployQueue.Contracts;
using DeployQueue.Domain.Ports;
using MassTransit;

namespace DeployQueue.Domain.Consumers;

/// <summary>An automatic rollback: the GitHub Deployment of the last known good SHA, which the repository's deploy workflow runs.</summary>
public class RollBackTargetConsumer(IDeploymentGateway gitHub) : IConsumer<RollBackTarget>
{
    public Task Consume(ConsumeContext<RollBackTarget> context) =>
        gitHub.RollBack(context.Message.Repository, context.Message.Sha, context.Message.Environment, context.Message.DecidedAt,
            context.Message.AbortedSha, context.CancellationToken);
}
