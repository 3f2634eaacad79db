using DeployQueue.Contracts;
using DeployQueue.GitHub.Pipeline;
using Octokit;

namespace DeployQueue.GitHub.Gate;

/// <summary>Check runs (the latest run of each name) and commit statuses (the latest per context) on the head SHA.
/// failure, cancelled, timed_out, action_required (and stale, startup_failure) fail; neutral and skipped pass only
/// when the setting says so; anything not completed waits.</summary>
internal static class CheckRule
{
    static readonly HashSet<string> FailingConclusions = ["failure", "cancelled", "timed_out", "action_required", "stale", "startup_failure"];

    /// <param name="requiredChecks">Check-run names or status contexts that must report (configured, and GitHub's for the base branch).</param>
    public static CheckTally Tally(IEnumerable<CheckRun> checkRuns, CombinedCommitStatus combined, IReadOnlyCollection<string> requiredChecks,
        bool neutralAndSkippedPass)
    {
        var failing = new List<CheckProblem>();
        var pending = new List<CheckProblem>();
        var reported = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        foreach (var run in checkRuns.GroupBy(r => r.Name).Select(g => g.MaxBy(r => r.Id)!))
        {
            reported.Add(run.Name);
            var url = run.HtmlUrl ?? run.DetailsUrl;
            var summary = Sanitized(run.Output?.Summary ?? run.Output?.Title);
            if (run.Status.StringValue != "completed")
                pending.Add(new CheckProblem(run.Name, run.Status.StringValue, url, summary));
            else if (run.Conclusion?.StringValue is not { } conclusion)
                pending.Add(new CheckProblem(run.Name, "completed without conclusion", url, summary));
            else if (FailingConclusions.Contains(conclusion) || (!neutralAndSkippedPass && conclusion is "neutral" or "skipped"))
                failing.Add(new CheckProblem(run.Name, conclusion, url, summary));
        }

        foreach (var status in combined.Statuses ?? [])
        {
            reported.Add(status.Context);
            var state = status.State.StringValue;
            if (state is "failure" or "error") failing.Add(new CheckProblem(status.Context, state, status.TargetUrl, Sanitized(status.Description)));
            else if (state == "pending") pending.Add(new CheckProblem(status.Context, state, status.TargetUrl, Sanitized(status.Description)));
        }

        pending.AddRange(requiredChecks.Distinct(StringComparer.OrdinalIgnoreCase).Where(name => !reported.Contains(name))
            .Select(name => new CheckProblem(name, "missing", null, "required check has not reported")));
        return new CheckTally(failing, pending, reported.Count == 0);
    }

    /// <summary>What a repository's CI wrote into a check or status goes into fix tasks: secrets masked like a job log's.</summary>
    static string? Sanitized(string? text) => text is null ? null : JobLogSanitizer.Sanitize(text);
}
