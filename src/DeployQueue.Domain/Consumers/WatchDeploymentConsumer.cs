using DeployQueue.Contracts;
using DeployQueue.Domain.Configuration;
using DeployQueue.Domain.Policies;
using DeployQueue.Domain.Ports;
using MassTransit;

namespace DeployQueue.Domain.Consumers;

/// <summary>
/// Looks once at the pipeline of the merge SHA for the deploy's attempt (creating the attempt's GitHub Deployment first
/// for a Deployment trigger; re-running an earlier attempt's run for a Merge trigger) and reports; the saga schedules
/// the next look, so no delivery is held while GitHub works. An earlier attempt's failure reported again because a newer
/// SHA superseded the merge says so in its problems.
/// </summary>
public class WatchDeploymentConsumer(IDeploymentGateway gitHub, IDeployLocks locks, TargetCatalog targets) : IConsumer<WatchDeployment>
{
    public async Task Consume(ConsumeContext<WatchDeployment> context)
    {
        var command = context.Message;
        var target = targets[command.Target];
        var environment = targets.EnvironmentOf(command.Target);
        var fallbackService = target.Service ?? environment;

        var query = new PipelineQuery(command.Repository, command.MergeSha, target.Workflow, environment, target.Trigger,
            command.EarlierAttemptEndedAt, command.LastKnownGoodSha);
        if (target.Trigger == DeployTrigger.Deployment)
        {
            await using var deployLock = await locks.Acquire(command.DeployId, context.CancellationToken);
            await gitHub.EnsureDeployment(query, command.Attempt, command.Step, context.CancellationToken);
        }

        var observation = await gitHub.Observe(query, context.CancellationToken);

        switch (observation.Status)
        {
            case PipelineStatus.Succeeded when RolloutPlan.IsPreview(command.Step) && !HttpUrl.IsValid(observation.EnvironmentUrl):
                // Checks at the live URL would judge the stable version: without the preview's own URL the step cannot be judged.
                await context.Publish(new DeploymentFailed
                {
                    DeployId = command.DeployId,
                    Attempt = command.Attempt,
                    RunUrl = observation.RunUrl,
                    Problems = [PreviewWithoutUrl(command.Step!, observation, fallbackService)],
                    TargetChanged = false,
                    Step = command.Step!.Number,
                });
                break;
            case PipelineStatus.Succeeded:
                await context.Publish(new DeploymentSucceeded(command.DeployId, command.Attempt, observation.RunUrl, observation.EnvironmentUrl,
                    command.Step?.Number ?? 0));
                break;
            case PipelineStatus.Failed:
                await context.Publish(new DeploymentFailed
                {
                    DeployId = command.DeployId,
                    Attempt = command.Attempt,
                    RunUrl = observation.RunUrl,
                    Problems = ProblemsOf(observation, fallbackService),
                    TargetChanged = observation.Superseded is null && ReachedTheTarget(observation),
                    Step = command.Step?.Number ?? 0,
                });
                break;
            default:
                await context.Publish(new DeploymentProgressed(command.DeployId, command.Attempt, observation.Stage,
                    observation.Status.ToString(), observation.RunUrl));
                break;
        }
    }

    static Problem PreviewWithoutUrl(CanaryStep step, PipelineObservation observation, string service) => new()
    {
        Kind = FixTaskKind.DeploymentError,
        Stage = DeployStage.Deploy,
        Component = service,
        Summary = $"The Deployment of {step} succeeded " +
                  (observation.EnvironmentUrl is { Length: > 0 } url ? $"with environment_url '{url}', not an http(s) URL" : "without an environment_url") +
                  ": a blue-green preview is judged at the new version's own URL, which the deploy workflow reports as the Deployment " +
                  "status's environment_url (README, Progressive rollout)",
        LogUrl = observation.RunUrl,
    };

    static bool ReachedTheTarget(PipelineObservation observation) =>
        observation.FailedJobs.Count > 0
            ? observation.FailedJobs.Any(job => job.Stage is not (DeployStage.Build or DeployStage.Merge))
            : observation.Stage is not (DeployStage.Build or DeployStage.Merge);

    /// <summary>Each failed job as a problem; a job whose log names no service is put on <paramref name="fallbackService"/>.</summary>
    static IReadOnlyList<Problem> ProblemsOf(PipelineObservation observation, string fallbackService) =>
        observation.Superseded is { } superseded
            ? FailedJobProblems(observation, fallbackService)
                .Select(p => p with { Summary = $"{p.Summary} (an earlier attempt's result, not deployed again: {superseded.Reason})" })
                .ToList()
            : FailedJobProblems(observation, fallbackService);

    static IReadOnlyList<Problem> FailedJobProblems(PipelineObservation observation, string fallbackService)
    {
        if (observation.FailedJobs.Count == 0)
            return [new Problem
            {
                Kind = FixTaskKind.DeploymentError,
                Stage = observation.Stage ?? DeployStage.Deploy,
                Component = fallbackService,
                Summary = $"The pipeline failed at stage {observation.Stage?.ToString() ?? "unknown"} without a failed job to show",
                LogUrl = observation.RunUrl,
            }];

        return observation.FailedJobs
            .Select(job =>
            {
                var classification = FailureClassifier.Classify(job.JobName, job.StepName, job.Log, job.Stage);
                return new Problem
                {
                    Kind = classification.Kind,
                    Stage = job.Stage,
                    Component = classification.Service ?? fallbackService,
                    Summary = $"Job '{job.JobName}'{(job.StepName is { } step ? $", step '{step}'" : "")} failed: {classification.CausalLine}" +
                              ConfidenceNote(classification),
                    LogExcerpt = classification.Excerpt,
                    LogUrl = job.LogUrl ?? observation.RunUrl,
                };
            })
            .ToList();
    }

    /// <summary>A reading the classifier is not sure of says so, so that whoever takes the task reads the log rather than trust the kind.</summary>
    static string ConfidenceNote(Classification classification) => classification.Confidence switch
    {
        ClassificationConfidence.Low =>
            $"\nLow confidence: no line of the log shows a known cause; {classification.Kind} is the stage's default, read the log.",
        ClassificationConfidence.Medium => $"\nMedium confidence: the log shows symptoms of {classification.Kind}, not a clear cause.",
        _ => "",
    };
}
