using DeployQueue.Contracts;
using DeployQueue.Domain.Configuration;
using DeployQueue.Domain.Ports;
using MassTransit;

namespace DeployQueue.Domain.Consumers;

/// <summary>
/// Looks once at a rollback: the pipeline of the queue's own rollback Deployment (its run reports what the deploy workflow
/// did), and, once that succeeded, whether the target serves the SHA rolled back to. The monitor asks again until its rollback
/// timeout.
/// </summary>
public class VerifyRollbackConsumer(IMonitoringProbe probe, IDeploymentGateway gitHub, TargetCatalog targets) : IConsumer<VerifyRollback>
{
    public async Task Consume(ConsumeContext<VerifyRollback> context)
    {
        var command = context.Message;
        var target = targets[command.Target];
        if (command.ByDeployment)
        {
            var pipeline = await gitHub.Observe(new PipelineQuery(command.Repository, command.Sha, target.Workflow, targets.EnvironmentOf(command.Target),
                DeployTrigger.Deployment, command.DecidedAt), context.CancellationToken);
            if (pipeline.Status == PipelineStatus.Failed)
            {
                var why = pipeline.FailedJobs.Count > 0 ? pipeline.FailedJobs[0].Log : "no failed job named";
                await context.Publish(new RollbackChecked(command.LaneId, command.Watch, false, true,
                    $"the rollback deployment failed ({pipeline.RunUrl ?? "no log"}): {why}"));
                return;
            }
            // The target may serve the good SHA before its rollback ran: a canary's target serves it most of the time. Only the
            // rollback's own Deployment, done, puts all of it there.
            if (pipeline.Status != PipelineStatus.Succeeded || pipeline.Superseded is not null)
            {
                await context.Publish(new RollbackChecked(command.LaneId, command.Watch, false, false,
                    $"the rollback deployment is {(pipeline.Superseded is null ? pipeline.Status.ToString().ToLowerInvariant() : "not created yet")}"));
                return;
            }
        }
        var served = await probe.Serves(command.Target, target, command.Sha, context.CancellationToken);
        await context.Publish(new RollbackChecked(command.LaneId, command.Watch, served.Matches, false, served.Observed));
    }
}
