using DeployQueue.Contracts;
using MassTransit;
using Octokit.Webhooks;
using Octokit.Webhooks.Events;
using Octokit.Webhooks.Events.CheckRun;
using Octokit.Webhooks.Events.CheckSuite;
using Octokit.Webhooks.Events.DeploymentStatus;
using Octokit.Webhooks.Events.PullRequest;
using Octokit.Webhooks.Events.PullRequestReview;
using Octokit.Webhooks.Events.WorkflowRun;

namespace DeployQueue.Service.Webhooks;

/// <summary>
/// Turns a verified delivery (<see cref="GitHubWebhookGuard"/>) into a <see cref="GitHubChangeNoticed"/> hint, or into
/// nothing for actions no deploy waits for. It never calls GitHub: the deploys do, when they look.
/// </summary>
public sealed class GitHubWebhookProcessor(IBus bus) : WebhookEventProcessor
{
    protected override ValueTask ProcessPullRequestReviewWebhookAsync(WebhookHeaders headers, PullRequestReviewEvent review,
        PullRequestReviewAction action, CancellationToken cancellationToken = default) =>
        review.Action is PullRequestReviewActionValue.Submitted or PullRequestReviewActionValue.Dismissed
            ? Notice(headers, review, GitHubChangeConcern.Gate, [(int)review.PullRequest.Number], null, cancellationToken)
            : ValueTask.CompletedTask;

    protected override ValueTask ProcessCheckSuiteWebhookAsync(WebhookHeaders headers, CheckSuiteEvent suite, CheckSuiteAction action,
        CancellationToken cancellationToken = default) =>
        suite.Action is CheckSuiteActionValue.Completed
            ? Notice(headers, suite, GitHubChangeConcern.Gate, suite.CheckSuite.PullRequests.Select(p => (int)p.Number).ToList(),
                suite.CheckSuite.HeadSha, cancellationToken)
            : ValueTask.CompletedTask;

    protected override ValueTask ProcessCheckRunWebhookAsync(WebhookHeaders headers, CheckRunEvent run, CheckRunAction action,
        CancellationToken cancellationToken = default) =>
        run.Action is CheckRunActionValue.Completed
            ? Notice(headers, run, GitHubChangeConcern.Gate, run.CheckRun.PullRequests.Select(p => (int)p.Number).ToList(),
                run.CheckRun.HeadSha, cancellationToken)
            : ValueTask.CompletedTask;

    // A commit status names no PR, only the commit: the deploys waiting at the gate on that head.
    protected override ValueTask ProcessStatusWebhookAsync(WebhookHeaders headers, StatusEvent status, CancellationToken cancellationToken = default) =>
        Notice(headers, status, GitHubChangeConcern.Gate, [], status.Sha, cancellationToken);

    protected override ValueTask ProcessWorkflowRunWebhookAsync(WebhookHeaders headers, WorkflowRunEvent run, WorkflowRunAction action,
        CancellationToken cancellationToken = default) =>
        run.Action is WorkflowRunActionValue.Completed
            ? Notice(headers, run, GitHubChangeConcern.Deployment, [], run.WorkflowRun.HeadSha, cancellationToken)
            : ValueTask.CompletedTask;

    protected override ValueTask ProcessDeploymentStatusWebhookAsync(WebhookHeaders headers, DeploymentStatusEvent status,
        DeploymentStatusAction action, CancellationToken cancellationToken = default) =>
        status.Action is DeploymentStatusActionValue.Created
            ? Notice(headers, status, GitHubChangeConcern.Deployment, [], status.Deployment.Sha, cancellationToken)
            : ValueTask.CompletedTask;

    // The head moved (re-gate on the new one), the PR was closed (the gate finds it closed, or merged by hand) or
    // reopened, or its base changed: an edit whose changes are neither title nor body (GitHub names base, title and body).
    protected override ValueTask ProcessPullRequestWebhookAsync(WebhookHeaders headers, PullRequestEvent pull, PullRequestAction action,
        CancellationToken cancellationToken = default) =>
        pull switch
        {
            PullRequestEditedEvent { Changes: { Title: null, Body: null } } =>
                Notice(headers, pull, GitHubChangeConcern.Gate, [(int)pull.Number], null, cancellationToken),
            { Action: PullRequestActionValue.Synchronize or PullRequestActionValue.Closed or PullRequestActionValue.Reopened } =>
                Notice(headers, pull, GitHubChangeConcern.Gate, [(int)pull.Number], null, cancellationToken),
            _ => ValueTask.CompletedTask,
        };

    async ValueTask Notice(WebhookHeaders headers, WebhookEvent change, GitHubChangeConcern concerns, IReadOnlyList<int> prNumbers,
        string? sha, CancellationToken cancellationToken)
    {
        if (change.Repository?.FullName is not { Length: > 0 } repository)
            return;
        await bus.Publish(new GitHubChangeNoticed
        {
            DeliveryId = headers.Delivery ?? "",
            Repository = repository,
            Event = headers.Event ?? "",
            Action = change.Action,
            Concerns = concerns,
            PrNumbers = prNumbers,
            Sha = sha,
        }, cancellationToken);
    }
}
