using DeployQueue.Contracts;
using DeployQueue.Domain.Configuration;
using DeployQueue.Domain.Policies;
using DeployQueue.Domain.Ports;
using MassTransit;

namespace DeployQueue.Domain.Consumers;

/// <summary>
/// Runs the target's health, API and version checks against the merge SHA once. A target that does not serve the merge
/// SHA healthily yet is pending until the command's deadline (the saga runs the checks again later); from the deadline
/// on, and for a failing API check at once, it reports one problem per failed check.
/// </summary>
public class RunSmokeTestsConsumer(ISmokeRunner smoke, TargetCatalog targets) : IConsumer<RunSmokeTests>
{
    public async Task Consume(ConsumeContext<RunSmokeTests> context)
    {
        var command = context.Message;
        var report = await smoke.Run(command.Target, targets[command.Target], command.MergeSha, context.CancellationToken);

        if (report.Passed)
            await context.Publish(new SmokeTestsPassed
            {
                DeployId = command.DeployId,
                Attempt = command.Attempt,
                Metrics = report.Results.ToDictionary(r => r.Name, r => $"{r.LatencyMs} ms"),
            });
        else if (SmokeFailurePolicy.IsNotReadyYet(report) && BeforeDeadline(command))
            await context.Publish(new SmokeTestsPending
            {
                DeployId = command.DeployId,
                Attempt = command.Attempt,
                NotReady = SmokeFailurePolicy.NotReady(report),
            });
        else
            await context.Publish(new SmokeTestsFailed
            {
                DeployId = command.DeployId,
                Attempt = command.Attempt,
                Problems = SmokeFailurePolicy.ToProblems(targets[command.Target].Service ?? command.Target, report),
            });
    }

    // Read after the run: a run that ends past the deadline is the last word.
    bool BeforeDeadline(RunSmokeTests command) => targets.Now < command.Deadline;
}
