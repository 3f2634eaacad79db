using DeployQueue.Contracts;
using DeployQueue.Domain.Ports;
using DeployQueue.GitHub.Http;
using DeployQueue.GitHub.Pipeline;
using Octokit;

namespace DeployQueue.GitHub;

/// <summary>The deployment watch of DESIGN.md §1.3 over Octokit: the workflow run for the merge SHA with its jobs and
/// the logs of failed ones, and/or the GitHub Deployment for the SHA and environment with its statuses. A deploy's new
/// attempt for the same SHA deploys again: runs and deployments from before the earlier attempt ended are not its
/// evidence, unless a newer SHA went through the workflow or environment since (deploying again would roll it back).</summary>
public sealed class OctokitDeploymentGateway(IGitHubClient github) : IDeploymentGateway
{
    static readonly HashSet<string> FailedJobConclusions = ["failure", "timed_out", "cancelled", "startup_failure"];

    static readonly ApiOptions NewestOnly = new() { PageSize = 1, PageCount = 1, StartPage = 1 };

    public async Task EnsureDeployment(PipelineQuery query, int attempt, CanaryStep? step, CancellationToken cancellationToken)
    {
        using var callerCancellation = CallerCancellation.Use(cancellationToken);
        var repo = RepositoryName.Parse(query.Repository);
        var deployments = await DeploymentsOfSha(repo, query.MergeSha, query.Environment);
        // A rollout step's Deployment is known by its description, which names the step and the attempt: a resumed or redelivered
        // step finds the one it created whatever the clocks say, and never takes an earlier attempt's for its own.
        var description = step is null ? "Deploy Queue" : $"Deploy Queue: {step}, attempt {attempt}";
        var created = step is null
            ? deployments.MaxBy(d => d.Id) is { } latest && !IsEarlierAttempts(latest.CreatedAt, query.EarlierAttemptEndedAt)
            : deployments.Any(d => d.Description == description);
        if (created) return;
        // The SHA deployed again by a new attempt, unless another SHA went to the environment since the earlier attempt's Deployment.
        if (deployments.Count > 0 && query.EarlierAttemptEndedAt is not null && await DeploymentSuperseding(repo, query) is not null) return;
        await CreateDeployment(repo, query.MergeSha, query.Environment, description,
            step is null ? null : RolloutPayload.ForStep(step, query.MergeSha));
    }

    public async Task RollBack(string repository, string sha, string environment, DateTimeOffset decidedAt, string? abortedSha,
        CancellationToken cancellationToken)
    {
        using var callerCancellation = CallerCancellation.Use(cancellationToken);
        var repo = RepositoryName.Parse(repository);
        // A redelivered command finds the deployment it created; one of the SHA from before the decision is its old release.
        if (await LatestDeployment(repo, sha, environment) is { } latest && !IsEarlierAttempts(latest.CreatedAt, decidedAt)) return;
        await CreateDeployment(repo, sha, environment, "Deploy Queue rollback", abortedSha is null ? null : RolloutPayload.ForAbort(abortedSha, sha));
    }

    /// <summary>POSTed through the connection rather than Octokit's NewDeployment, whose payload holds text only: the rollout's
    /// payload carries numbers (<c>github.event.deployment.payload.weight</c> is a number in the workflow).</summary>
    Task<DeploymentRecord> CreateDeployment(RepositoryName repo, string sha, string environment, string description, RolloutPayload? payload) =>
        new ApiConnection(github.Connection).Post<DeploymentRecord>(DeploymentsOf(repo),
            new DeploymentRequest(sha, environment, description, payload));

    public async Task<PipelineObservation> Observe(PipelineQuery query, CancellationToken cancellationToken)
    {
        using var callerCancellation = CallerCancellation.Use(cancellationToken);
        var repo = RepositoryName.Parse(query.Repository);
        var watchesDeployment = query.Trigger == DeployTrigger.Deployment || query.Workflow is null;
        var run = await WorkflowRunObservation(repo, query);
        var deployment = watchesDeployment ? await DeploymentObservation(repo, query) : null;

        var parts = new[] { run, deployment }.OfType<PipelineObservation>().ToList();
        if (parts.Count == 0) return new PipelineObservation(PipelineStatus.NotStarted, null, null, null, []);
        var status =
            parts.Any(p => p.Status == PipelineStatus.Failed) ? PipelineStatus.Failed :
            parts.All(p => p.Status == PipelineStatus.Succeeded) ? PipelineStatus.Succeeded : PipelineStatus.Running;
        var stageSource = parts.FirstOrDefault(p => p.Status == status) ?? parts[0];
        return new PipelineObservation(
            status,
            stageSource.Stage,
            run?.RunUrl ?? deployment?.RunUrl,
            deployment?.EnvironmentUrl,
            parts.SelectMany(p => p.FailedJobs).ToList(),
            parts.Select(p => p.Superseded).FirstOrDefault(s => s is not null));
    }

    async Task<PipelineObservation?> WorkflowRunObservation(RepositoryName repo, PipelineQuery query)
    {
        var request = new WorkflowRunsRequest { HeadSha = query.MergeSha };
        if (query.Workflow is null) request.Event = query.Trigger == DeployTrigger.Deployment ? "deployment" : "push";
        var runs = query.Workflow is { } workflow
            ? await github.Actions.Workflows.Runs.ListByWorkflow(repo.Owner, repo.Name, workflow, request)
            : await github.Actions.Workflows.Runs.List(repo.Owner, repo.Name, request);
        var run = runs.WorkflowRuns.OrderBy(r => r.RunNumber).ThenBy(r => r.RunAttempt).LastOrDefault();
        if (run is null) return null;

        var completed = run.Status.StringValue == "completed";
        if (IsEarlierAttempts(run.RunStartedAt, query.EarlierAttemptEndedAt))
        {
            // An earlier attempt's run. For a Deployment trigger, this attempt's deployment starts a run of its own. For a
            // Merge trigger nothing will start one (the PR was merged before): re-run it once it is over; the re-run is the
            // run's next attempt, started after the cutoff, so the next look watches it instead of asking again. Unless a
            // newer SHA ran the workflow since: then the run is reported as it was, and why it was not re-run.
            if (query.Trigger != DeployTrigger.Merge || !completed) return null;
            if (await RunSuperseding(repo, run, query.Workflow) is { } superseded)
                return await ObservationOf(repo, run, completed) with { Superseded = superseded };
            await github.Actions.Workflows.Runs.Rerun(repo.Owner, repo.Name, run.Id);
            return new PipelineObservation(PipelineStatus.Running, null, run.HtmlUrl, null, []);
        }
        return await ObservationOf(repo, run, completed);
    }

    async Task<PipelineObservation> ObservationOf(RepositoryName repo, WorkflowRun run, bool completed)
    {
        var succeeded = completed && run.Conclusion?.StringValue is "success" or "neutral" or "skipped";
        // A run that succeeded needs no jobs: that saves a call that spends rate limit.
        if (succeeded) return new PipelineObservation(PipelineStatus.Succeeded, DeployStage.Startup, run.HtmlUrl, null, []);

        var jobs = (await github.Actions.Workflows.Jobs.List(repo.Owner, repo.Name, run.Id)).Jobs;
        if (!completed)
        {
            var current = jobs.FirstOrDefault(j => j.Status.StringValue == "in_progress");
            var stage = current is null
                ? (DeployStage?)null
                : PipelineStages.For(current.Name, current.Steps?.FirstOrDefault(s => s.Status.StringValue == "in_progress")?.Name);
            return new PipelineObservation(PipelineStatus.Running, stage, run.HtmlUrl, null, []);
        }

        var failedJobs = new List<FailedJob>();
        foreach (var job in jobs.Where(j => j.Conclusion?.StringValue is { } c && FailedJobConclusions.Contains(c)))
        {
            var step = job.Steps?.FirstOrDefault(s => s.Conclusion?.StringValue is { } c && FailedJobConclusions.Contains(c))?.Name;
            failedJobs.Add(new FailedJob(job.Name, step, PipelineStages.For(job.Name, step), await JobLog(repo, job), job.HtmlUrl));
        }
        if (failedJobs.Count == 0)
            failedJobs.Add(new FailedJob(run.Name, null, DeployStage.Deploy,
                $"Workflow run concluded {run.Conclusion?.StringValue} with no failed job.", run.HtmlUrl));
        return new PipelineObservation(PipelineStatus.Failed, failedJobs[0].Stage, run.HtmlUrl, null, failedJobs);
    }

    async Task<string> JobLog(RepositoryName repo, WorkflowJob job)
    {
        try
        {
            var log = await github.Actions.Workflows.Jobs.GetLogs(repo.Owner, repo.Name, job.Id);
            return JobLogSanitizer.Sanitize(log, github.Connection.Credentials?.Password);
        }
        catch (NotFoundException)
        {
            return "(the job's log is no longer available)";
        }
    }

    async Task<PipelineObservation?> DeploymentObservation(RepositoryName repo, PipelineQuery query)
    {
        var deployment = await LatestDeployment(repo, query.MergeSha, query.Environment);
        if (deployment is null) return null;
        Supersession? superseded = null;
        if (IsEarlierAttempts(deployment.CreatedAt, query.EarlierAttemptEndedAt))
        {
            // An earlier attempt's deployment. A Merge trigger's re-run reports a deployment of its own; for a Deployment
            // trigger, EnsureDeployment created this attempt's unless a newer SHA was deployed to the environment since:
            // then the earlier deployment is reported as it was, and why it was not deployed again.
            if (query.Trigger != DeployTrigger.Deployment) return null;
            superseded = await DeploymentSuperseding(repo, query);
            if (superseded is null) return null;
        }
        var latest = (await github.Repository.Deployment.Status.GetAll(repo.Owner, repo.Name, deployment.Id))
            .OrderBy(s => s.CreatedAt).ThenBy(s => s.Id).LastOrDefault();
        var logUrl = NonEmpty(latest?.LogUrl) ?? NonEmpty(latest?.TargetUrl);
        var environmentUrl = NonEmpty(latest?.EnvironmentUrl);
        var state = latest?.State.StringValue ?? "queued";
        return state switch
        {
            "success" => new PipelineObservation(PipelineStatus.Succeeded, DeployStage.Startup, logUrl, environmentUrl, [], superseded),
            "failure" or "error" or "inactive" => new PipelineObservation(PipelineStatus.Failed, DeployStage.Deploy, logUrl, environmentUrl,
                [new FailedJob($"deployment to {query.Environment}", null, DeployStage.Deploy, DeploymentFailureText(state, latest?.Description), logUrl)],
                superseded),
            _ => new PipelineObservation(PipelineStatus.Running, DeployStage.Deploy, logUrl, environmentUrl, [], superseded),
        };
    }

    static string DeploymentFailureText(string state, string? description) => state == "inactive"
        ? "The deployment became inactive: a newer deployment to the environment replaced it."
        : $"Deployment status {state}: {(string.IsNullOrWhiteSpace(description) ? "(no description)" : JobLogSanitizer.Sanitize(description))}";

    async Task<DeploymentRecord?> LatestDeployment(RepositoryName repo, string sha, string environment) =>
        (await DeploymentsOfSha(repo, sha, environment)).MaxBy(d => d.Id);

    async Task<IReadOnlyList<DeploymentRecord>> DeploymentsOfSha(RepositoryName repo, string sha, string environment)
    {
        // Octokit's client has no sha/environment filter: ask GitHub's query parameters directly.
        var deployments = await new ApiConnection(github.Connection).GetAll<DeploymentRecord>(DeploymentsOf(repo),
            new Dictionary<string, string> { ["sha"] = sha, ["environment"] = environment });
        return deployments.Where(d => d.Sha == sha && d.Environment == environment).ToList();
    }

    /// <summary>The SHA of the newest run of <paramref name="run"/>'s workflow on its branch, when it is not the run's:
    /// re-running the run would deploy its SHA over that newer one. One call, made only for an earlier attempt's run.</summary>
    async Task<Supersession?> RunSuperseding(RepositoryName repo, WorkflowRun run, string? workflow)
    {
        var newest = (await github.Actions.Workflows.Runs.ListByWorkflow(repo.Owner, repo.Name, run.WorkflowId,
            new WorkflowRunsRequest { Branch = run.HeadBranch }, NewestOnly)).WorkflowRuns.FirstOrDefault();
        return newest is not null && newest.HeadSha != run.HeadSha
            ? new Supersession(run.HeadSha, newest.HeadSha, $"workflow {workflow ?? run.Name}")
            : null;
    }

    /// <summary>The SHA of the newest deployment to the environment, when it is neither the query's merge SHA nor its last
    /// known good one: deploying the merge SHA again would roll that newer one back. A newer deployment of the last known good
    /// SHA is the target put back as it was before this deploy (the queue's rollback or abort of the earlier attempt): deploying
    /// again is what the new attempt is for. One call, made only for an earlier attempt's deployment.</summary>
    async Task<Supersession?> DeploymentSuperseding(RepositoryName repo, PipelineQuery query)
    {
        var newest = (await new ApiConnection(github.Connection).GetAll<DeploymentRecord>(DeploymentsOf(repo),
            new Dictionary<string, string> { ["environment"] = query.Environment }, NewestOnly)).FirstOrDefault();
        return newest is not null && newest.Sha != query.MergeSha && newest.Sha != query.LastKnownGoodSha
            ? new Supersession(query.MergeSha, newest.Sha, $"environment {query.Environment}")
            : null;
    }

    /// <summary>Whether evidence GitHub timestamped <paramref name="at"/> belongs to an earlier attempt: it is from before
    /// that attempt ended (a first attempt has no earlier one: all evidence is its own). The cutoff is the earlier
    /// attempt's end, minutes before a new attempt's evidence, so that our clock and GitHub's need not agree to the
    /// second; GitHub's timestamps are whole seconds, and evidence from the cutoff's second counts as the new attempt's.</summary>
    static bool IsEarlierAttempts(DateTimeOffset at, DateTimeOffset? earlierAttemptEndedAt) =>
        earlierAttemptEndedAt is { } cutoff && at < cutoff.AddTicks(-(cutoff.Ticks % TimeSpan.TicksPerSecond));

    /// <summary>The repository's deployments, for the calls Octokit's client cannot make (filters, a payload of numbers).</summary>
    static Uri DeploymentsOf(RepositoryName repo) => new($"repos/{repo.Owner}/{repo.Name}/deployments", UriKind.Relative);

    static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
