using DeployQueue.Domain.Configuration;
using DeployQueue.Domain.Consumers;
using DeployQueue.Domain.Intake;
using DeployQueue.Domain.Policies;
using DeployQueue.Domain.Ports;
using DeployQueue.Domain.StateMachines;
using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DeployQueue.Domain;

public static class DeployQueueRegistration
{
    /// <summary>
    /// The deploy queue's sagas and consumers. The saga store is the caller's choice (a saga repository
    /// provider: in memory, or PostgreSQL); so are the ports' implementations (GitHub, smoke checks, monitoring probe).
    /// </summary>
    public static IBusRegistrationConfigurator AddDeployQueue(this IBusRegistrationConfigurator bus)
    {
        bus.TryAddSingleton(TimeProvider.System);
        bus.TryAddSingleton<TargetCatalog>();
        bus.TryAddSingleton<IWebhookActivity, NoWebhookActivity>();
        bus.TryAddSingleton<PollIntervalPolicy>();
        bus.TryAddSingleton<IDeployLocks, InProcessDeployLocks>();

        bus.AddConsumer<DeployRequestedConsumer, DeployRequestedConsumerDefinition>();
        bus.AddSagaStateMachine<DeployStateMachine, DeployState, DeployStateDefinition>();
        bus.AddSagaStateMachine<LaneStateMachine, LaneState, LaneStateDefinition>();
        bus.AddSagaStateMachine<MonitorStateMachine, MonitorState, MonitorStateDefinition>();
        bus.AddConsumer<MergePullRequestConsumer, GitHubAndTargetConsumerDefinition<MergePullRequestConsumer>>();
        bus.AddConsumer<WatchDeploymentConsumer, GitHubAndTargetConsumerDefinition<WatchDeploymentConsumer>>();
        bus.AddConsumer<RunSmokeTestsConsumer, GitHubAndTargetConsumerDefinition<RunSmokeTestsConsumer>>();
        bus.AddConsumer<RunMonitoringChecksConsumer, GitHubAndTargetConsumerDefinition<RunMonitoringChecksConsumer>>();
        bus.AddConsumer<RollBackTargetConsumer, GitHubAndTargetConsumerDefinition<RollBackTargetConsumer>>();
        bus.AddConsumer<VerifyRollbackConsumer, GitHubAndTargetConsumerDefinition<VerifyRollbackConsumer>>();
        bus.AddConsumer<GitHubChangeNoticedConsumer>();
        return bus;
    }

    /// <summary>
    /// The endpoints of the consumers that only look (a release's monitoring checks, a rollback's verification) and whose
    /// answers the monitor recognises when they come twice (by watch and sample, or by the state they move it to). They need no
    /// inbox or outbox: a message handled twice only looks twice, while the transactions would cost as much again per interval
    /// as the monitor's own.
    /// </summary>
    public static IReadOnlySet<string> LookOnlyEndpoints(IEndpointNameFormatter formatter) =>
        new HashSet<string> { formatter.Consumer<RunMonitoringChecksConsumer>(), formatter.Consumer<VerifyRollbackConsumer>() };
}
