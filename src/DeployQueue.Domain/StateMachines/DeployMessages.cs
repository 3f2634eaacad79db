using DeployQueue.Contracts;
using DeployQueue.Domain.Policies;

namespace DeployQueue.Domain.StateMachines;

/// <summary>The messages a deploy publishes, built from its state: pure functions, no I/O.</summary>
public static class DeployMessages
{
    public static Announcement Announcement(DeployState deploy, AnnouncementKind kind, string message, DateTimeOffset now,
        IEnumerable<Link>? extraLinks = null) => new()
        {
            DeployId = deploy.CorrelationId,
            Kind = kind,
            Message = message,
            DeployTaskId = deploy.Attempt.TaskId,
            Repository = deploy.Repository,
            PrNumber = deploy.PrNumber,
            Target = deploy.Target,
            Attempt = deploy.Attempt.Number,
            At = now,
            Duration = kind is AnnouncementKind.Succeeded or AnnouncementKind.Failed ? now - deploy.Attempt.StartedAt : null,
            Links = LinksOf(deploy).Concat(extraLinks ?? []).ToList(),
            Metrics = MetricsOf(deploy, now),
        };

    public static FixTaskRequested FixTask(DeployState deploy, Problem problem, string environment, Guid fixTaskId) => new()
    {
        FixTaskId = fixTaskId,
        DeployId = deploy.CorrelationId,
        Attempt = deploy.Attempt.Number,
        Kind = problem.Kind,
        Title = FixTaskTitles.For(problem.Kind, problem.Component, deploy.PrNumber, environment),
        Description = Describe(deploy, problem),
        Priority = PriorityPolicy.ForFixTask(environment),
        Repository = deploy.Repository,
        PrNumber = deploy.PrNumber,
        PrUrl = deploy.Attempt.PrUrl,
        Branch = deploy.Attempt.Branch,
        Target = deploy.Target,
        MergeSha = deploy.Attempt.MergeSha,
        DeployTaskId = deploy.Attempt.TaskId,
        CommitBuildTaskId = deploy.Attempt.CommitBuildTaskId,
        Stage = problem.Stage,
        Component = problem.Component,
        LogExcerpt = problem.LogExcerpt,
        LogUrl = problem.LogUrl ?? deploy.Attempt.RunUrl,
        WorkspaceKept = true,
    };

    /// <summary>A blocked gate as problems: a conflict is one, each failing check is one.</summary>
    public static IReadOnlyList<Problem> ProblemsOf(MergeBlocked blocked, DeployState deploy) => blocked.Reason switch
    {
        MergeBlockReason.Conflict =>
        [
            new Problem { Kind = FixTaskKind.MergeConflict, Stage = DeployStage.Merge, Component = deploy.Attempt.Branch, Summary = blocked.Detail },
        ],
        MergeBlockReason.ChecksFailing when blocked.Checks.Count > 0 => blocked.Checks
            .Select(check => new Problem
            {
                Kind = FixTaskKind.ChecksFailing,
                Stage = DeployStage.Merge,
                Component = check.Name,
                Summary = $"Required check '{check.Name}' concluded {check.Conclusion} on {DeployStateMachine.Short(blocked.HeadSha)}",
                LogExcerpt = check.Summary,
                LogUrl = check.Url,
            })
            .ToList(),
        _ => [new Problem { Kind = FixTaskKind.ChecksFailing, Stage = DeployStage.Merge, Summary = blocked.Detail }],
    };

    public static E2ERequested E2E(DeployState deploy, string baseUrl) => new()
    {
        DeployId = deploy.CorrelationId,
        DeployTaskId = deploy.Attempt.TaskId,
        Repository = deploy.Repository,
        PrNumber = deploy.PrNumber,
        PrUrl = deploy.Attempt.PrUrl,
        Branch = deploy.Attempt.Branch,
        FeatureName = deploy.Attempt.FeatureName,
        Target = deploy.Target,
        BaseUrl = baseUrl,
        MergeSha = deploy.Attempt.MergeSha ?? "",
        CommitBuildTaskId = deploy.Attempt.CommitBuildTaskId,
    };

    /// <summary>The release for the lane's monitor, with the SHA the lane granted as good before it: where a rollback goes.</summary>
    public static MonitorRelease MonitorRelease(DeployState deploy) => new()
    {
        LaneId = deploy.LaneId,
        DeployId = deploy.CorrelationId,
        Attempt = deploy.Attempt.Number,
        Repository = deploy.Repository,
        PrNumber = deploy.PrNumber,
        Target = deploy.Target,
        MergeSha = deploy.Attempt.MergeSha ?? "",
        PreviousGoodSha = deploy.Attempt.LastKnownGoodSha == deploy.Attempt.MergeSha ? null : deploy.Attempt.LastKnownGoodSha,
        DeployTaskId = deploy.Attempt.TaskId,
        PrUrl = deploy.Attempt.PrUrl,
        Branch = deploy.Attempt.Branch,
        CommitBuildTaskId = deploy.Attempt.CommitBuildTaskId,
    };

    public static WorkspaceDestroyRequested WorkspaceDestroy(DeployState deploy) => new()
    {
        DeployId = deploy.CorrelationId,
        DeployTaskId = deploy.Attempt.TaskId,
        Repository = deploy.Repository,
        PrNumber = deploy.PrNumber,
        Branch = deploy.Attempt.Branch,
    };

    static string Describe(DeployState deploy, Problem problem) =>
        $"""
        {problem.Summary}

        PR: {deploy.Attempt.PrUrl} ({deploy.Repository}#{deploy.PrNumber}, branch {deploy.Attempt.Branch})
        Target: {deploy.Target}, stage: {problem.Stage}
        Merge SHA: {deploy.Attempt.MergeSha ?? "(not merged)"}
        Deploy task: {deploy.Attempt.TaskId}; commit build task: {deploy.Attempt.CommitBuildTaskId ?? "(none)"}
        Log: {problem.LogUrl ?? deploy.Attempt.RunUrl ?? "(none)"}
        The PR's workspace is kept for the fix.
        """;

    static IEnumerable<Link> LinksOf(DeployState deploy)
    {
        if (deploy.Attempt.PrUrl.Length > 0)
            yield return new Link($"PR #{deploy.PrNumber}", deploy.Attempt.PrUrl);
        if (deploy.Attempt.RunUrl is { } run)
            yield return new Link("Pipeline run", run);
        foreach (var fixTask in deploy.Attempt.FixTasks)
            yield return new Link("Fix task", $"urn:fix-task:{fixTask.Id}");
    }

    static Dictionary<string, string> MetricsOf(DeployState deploy, DateTimeOffset now)
    {
        var metrics = new Dictionary<string, string> { ["attempt"] = deploy.Attempt.Number.ToString() };
        if (deploy.Attempt.MergeSha is { } sha) metrics["mergeSha"] = sha;
        if (deploy.Attempt.Stage is { } stage) metrics["stage"] = stage.ToString();
        metrics["elapsed"] = (now - deploy.Attempt.StartedAt).ToString(@"hh\:mm\:ss");
        return metrics;
    }
}
