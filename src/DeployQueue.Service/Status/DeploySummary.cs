using DeployQueue.Contracts;
using DeployQueue.Domain.StateMachines;
using DeployQueue.Persistence.History;

namespace DeployQueue.Service.Status;

/// <summary>A deploy as the API and the status page show it: what people need, none of the saga's bookkeeping.</summary>
public sealed record DeploySummary(
    Guid Id, string Repository, int PrNumber, string Target, string State, int Attempt, string Title, TaskPriority Priority,
    DeployStage? Stage, string? WaitingFor, string? Outcome, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, TimeSpan? Duration,
    string? HeadSha, string? MergeSha, IReadOnlyList<RequestedFixTask> FixTasks, IReadOnlyList<Link> Links,
    IReadOnlyList<AttemptRecord> PastAttempts, IReadOnlyList<TimelineEntry>? Timeline)
{
    public static DeploySummary Of(DeployState deploy, DateTimeOffset now, IReadOnlyList<DeployTransition>? timeline = null)
    {
        var attempt = deploy.Attempt;
        return new DeploySummary(deploy.CorrelationId, deploy.Repository, deploy.PrNumber, deploy.Target, deploy.CurrentState, attempt.Number,
            attempt.Title, attempt.Priority, attempt.Stage, attempt.WaitingFor, attempt.Outcome, attempt.StartedAt, attempt.FinishedAt,
            (attempt.FinishedAt ?? now) - attempt.StartedAt, attempt.HeadSha, attempt.MergeSha, attempt.FixTasks, LinksOf(deploy),
            deploy.PastAttempts, timeline?.Select(TimelineEntry.Of).ToList());
    }

    static List<Link> LinksOf(DeployState deploy)
    {
        var attempt = deploy.Attempt;
        var links = new List<Link>();
        if (attempt.PrUrl.Length > 0)
            links.Add(new Link($"PR #{deploy.PrNumber}", attempt.PrUrl));
        if (attempt.RunUrl is { } run)
            links.Add(new Link("run", run));
        var pull = attempt.PrUrl.LastIndexOf("/pull/", StringComparison.Ordinal);
        if (attempt.MergeSha is { } sha && pull > 0)
            links.Add(new Link($"merge {DeployStateMachine.Short(sha)}", $"{attempt.PrUrl[..pull]}/commit/{sha}"));
        return links;
    }
}
