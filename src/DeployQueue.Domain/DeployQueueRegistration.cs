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
}
