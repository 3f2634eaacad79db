using System.Net;
using DeployQueue.Contracts;
using DeployQueue.Domain.Ports;
using DeployQueue.GitHub.Gate;
using DeployQueue.GitHub.Http;
using Octokit;

namespace DeployQueue.GitHub;

/// <summary>The gate and the merge of DESIGN.md §1-§3 over Octokit.</summary>
public sealed class OctokitPullRequestGateway(IGitHubClient github, GitHubGateSettings settings) : IPullRequestGateway
{
    public async Task<GateResult> EvaluateGate(string repository, int prNumber, GateRules rules, CancellationToken cancellationToken)
    {
        using var callerCancellation = CallerCancellation.Use(cancellationToken);
        var repo = RepositoryName.Parse(repository);
        var pull = await ReadWithMergeability(repo, prNumber, cancellationToken);
        var head = pull.Head.Sha;
        GateResult Verdict(GateVerdict verdict, string detail, IReadOnlyList<CheckProblem>? checks = null) =>
            new(verdict, head, $"PR #{prNumber} of {repo}: {detail}", checks ?? [], verdict == GateVerdict.AlreadyMerged ? pull.MergeCommitSha : null);

        if (pull.Merged) return Verdict(GateVerdict.AlreadyMerged, $"already merged as {pull.MergeCommitSha}");
        if (pull.State.StringValue == "closed") return Verdict(GateVerdict.Closed, "closed without merge");
        if (pull.Draft) return Verdict(GateVerdict.NotMergeable, "is a draft");
        var branch = rules.Branch ?? pull.Base.Repository.DefaultBranch;
        if (!string.Equals(pull.Base.Ref, branch, StringComparison.Ordinal))
            return Verdict(GateVerdict.NotMergeable, $"its base is '{pull.Base.Ref}', not '{branch}', the branch the target deploys from");
        if (pull.Mergeable == false || pull.MergeableState?.StringValue == "dirty")
            return Verdict(GateVerdict.Conflict, $"has a merge conflict with {pull.Base.Ref}");

        var checks = CheckRule.Tally(
            (await github.Check.Run.GetAllForReference(repo.Owner, repo.Name, head)).CheckRuns,
            await github.Repository.Status.GetCombined(repo.Owner, repo.Name, head),
            [.. settings.RequiredChecks, .. await RequiredChecks.Of(github, repo, branch)],
            settings.NeutralAndSkippedPass);
        if (checks.Failing.Count > 0)
            return Verdict(GateVerdict.ChecksFailing, $"checks failing: {Names(checks.Failing)}", checks.Failing);

        var approvals = await ApprovalRule.Tally(github, repo, pull, head, rules.RequiredApprovals, settings.RequireApprovalOnHeadSha);
        if (!approvals.Satisfied) return Verdict(GateVerdict.ApprovalMissing, approvals.Describe());

        if (checks.NothingReported && !rules.AllowNoChecks)
            return Verdict(GateVerdict.ChecksPending, $"no check or status has reported on {head} yet");

        if (checks.Pending.Count > 0)
            return Verdict(GateVerdict.ChecksPending, $"checks still running: {Names(checks.Pending)}", checks.Pending);
        if (pull.Mergeable is null)
            return Verdict(GateVerdict.ChecksPending, "GitHub is still computing whether it can be merged");
        return Verdict(GateVerdict.Ready, $"ready at {head}");
    }

    public async Task<MergeOutcome> Merge(string repository, int prNumber, string headSha, MergeStrategy strategy, string commitTitle,
        CancellationToken cancellationToken)
    {
        using var callerCancellation = CallerCancellation.Use(cancellationToken);
        var repo = RepositoryName.Parse(repository);
        var request = new Octokit.MergePullRequest { Sha = headSha, MergeMethod = MergeMethod(strategy), CommitTitle = commitTitle };
        try
        {
            var merged = await github.PullRequest.Merge(repo.Owner, repo.Name, prNumber, request);
            return merged.Merged
                ? new MergeOutcome(MergeOutcomeKind.Merged, merged.Sha, 200, merged.Message)
                : new MergeOutcome(MergeOutcomeKind.Refused, null, 200, merged.Message);
        }
        catch (ApiException refusal) when (IsRefusal(refusal))
        {
            return await ExplainRefusal(repo, prNumber, headSha, refusal);
        }
    }

    public async Task<CommitOrder> Compare(string repository, string currentSha, string candidateSha, CancellationToken cancellationToken)
    {
        using var callerCancellation = CallerCancellation.Use(cancellationToken);
        var repo = RepositoryName.Parse(repository);
        try
        {
            var comparison = await github.Repository.Commit.Compare(repo.Owner, repo.Name, currentSha, candidateSha);
            return comparison.Status switch
            {
                "ahead" => CommitOrder.Ahead,
                "identical" => CommitOrder.Identical,
                "behind" => CommitOrder.Behind,
                "diverged" => CommitOrder.Diverged,
                _ => CommitOrder.Unknown,
            };
        }
        catch (NotFoundException)
        {
            // GitHub knows no such commit (a SHA of another repository, or one lost to a force push). Unknown, not an error
            // to retry and not a pass: the caller refuses, because nothing then says the candidate is not the older one.
            return CommitOrder.Unknown;
        }
    }

    /// <summary>A refused merge, read against the PR as it is now: merged at the pinned SHA (an earlier delivery
    /// did it) is a success; a moved head means gate again; a conflict is a conflict; the rest needs a person.</summary>
    async Task<MergeOutcome> ExplainRefusal(RepositoryName repo, int prNumber, string headSha, ApiException refusal)
    {
        var status = (int)refusal.StatusCode;
        var message = refusal.ApiError?.Message ?? refusal.Message;
        var pull = await github.PullRequest.Get(repo.Owner, repo.Name, prNumber);
        if (pull.Merged)
            return pull.Head.Sha == headSha
                ? new MergeOutcome(MergeOutcomeKind.AlreadyMerged, pull.MergeCommitSha, status, $"already merged at {headSha} as {pull.MergeCommitSha}")
                : new MergeOutcome(MergeOutcomeKind.Refused, pull.MergeCommitSha, status,
                    $"merged at another head ({pull.Head.Sha}), not {headSha}: {message}");
        if (pull.Head.Sha != headSha || refusal.StatusCode == HttpStatusCode.Conflict)
            return new MergeOutcome(MergeOutcomeKind.HeadMoved, null, status, message);
        if (pull.Mergeable == false || pull.MergeableState?.StringValue == "dirty")
            return new MergeOutcome(MergeOutcomeKind.Conflict, null, status, message);
        return new MergeOutcome(MergeOutcomeKind.Refused, null, status, message);
    }

    /// <summary>GitHub's answers that refuse this merge; rate limits (429, which Octokit throws as a plain ApiException, and
    /// 403s it names) and 5xx are not refusals (they surface, after retries).</summary>
    static bool IsRefusal(ApiException exception) =>
        exception is not (RateLimitExceededException or SecondaryRateLimitExceededException or AbuseException)
        && exception.StatusCode != HttpStatusCode.TooManyRequests
        && (int)exception.StatusCode is >= 400 and < 500;

    /// <summary>The PR, re-read a bounded number of times while GitHub is still computing mergeability (mergeable null).</summary>
    async Task<PullRequest> ReadWithMergeability(RepositoryName repo, int prNumber, CancellationToken cancellationToken)
    {
        var pull = await github.PullRequest.Get(repo.Owner, repo.Name, prNumber);
        for (var recheck = 0; recheck < settings.MergeabilityRechecks && StillComputing(pull); recheck++)
        {
            await Task.Delay(settings.MergeabilityRecheckDelay, cancellationToken);
            pull = await github.PullRequest.Get(repo.Owner, repo.Name, prNumber);
        }
        return pull;
    }

    static bool StillComputing(PullRequest pull) =>
        pull.State.StringValue == "open" && !pull.Merged && pull.Mergeable is null;

    static string Names(IEnumerable<CheckProblem> checks) => string.Join(", ", checks.Select(c => $"{c.Name} ({c.Conclusion})"));

    static PullRequestMergeMethod MergeMethod(MergeStrategy strategy) => strategy switch
    {
        MergeStrategy.Merge => PullRequestMergeMethod.Merge,
        MergeStrategy.Squash => PullRequestMergeMethod.Squash,
        MergeStrategy.Rebase => PullRequestMergeMethod.Rebase,
        _ => throw new ArgumentOutOfRangeException(nameof(strategy), strategy, null),
    };
}
