using Octokit;

namespace DeployQueue.GitHub.Gate;

/// <summary>What the reviews of a PR amount to.</summary>
internal sealed record ApprovalTally(int Approvals, int Required, IReadOnlyList<string> ChangesRequestedBy, IReadOnlyList<string> StaleApprovalsBy)
{
    public bool Satisfied => ChangesRequestedBy.Count == 0 && Approvals >= Required;

    public string Describe() =>
        ChangesRequestedBy.Count > 0 ? $"changes requested by {string.Join(", ", ChangesRequestedBy)}" :
        $"{Approvals} of {Required} required approvals on the head commit" +
        (StaleApprovalsBy.Count > 0 ? $"; approvals by {string.Join(", ", StaleApprovalsBy)} were given on an older commit" : "");
}

/// <summary>GitHub's reading of reviews: each reviewer's latest decisive review counts (a comment changes
/// nothing, a dismissal withdraws); a request for changes blocks; an approval counts on the head SHA only,
/// unless the setting allows earlier ones.</summary>
internal static class ApprovalRule
{
    public static ApprovalTally Tally(IEnumerable<PullRequestReview> reviews, string headSha, int required, bool requireOnHead)
    {
        var latest = reviews
            .Where(r => r.User is not null && r.State.StringValue is "APPROVED" or "CHANGES_REQUESTED" or "DISMISSED")
            .GroupBy(r => r.User.Id)
            .Select(g => g.OrderBy(r => r.SubmittedAt).ThenBy(r => r.Id).Last())
            .ToList();
        var approved = latest.Where(r => r.State.StringValue == "APPROVED").ToList();
        var current = approved.Where(r => !requireOnHead || r.CommitId == headSha).ToList();
        return new ApprovalTally(
            current.Count,
            required,
            latest.Where(r => r.State.StringValue == "CHANGES_REQUESTED").Select(r => r.User.Login).ToList(),
            approved.Except(current).Select(r => r.User.Login).ToList());
    }
}
