using Octokit;

namespace DeployQueue.GitHub.Gate;

/// <summary>GitHub's reading of reviews, as branch protection applies it: each reviewer's latest decisive review counts
/// (a comment changes nothing, a dismissal withdraws); only reviewers with write access count, never the PR's author;
/// a request for changes blocks; an approval counts on the head SHA only, unless the setting allows earlier ones.</summary>
internal static class ApprovalRule
{
    /// <summary>Associations that come with write access; anyone else's is asked of the collaborator permission endpoint.</summary>
    static readonly HashSet<string> WritingAssociations = ["OWNER", "MEMBER", "COLLABORATOR"];

    static readonly HashSet<string> WritingPermissions = ["admin", "maintain", "write"];

    public static async Task<ApprovalTally> Tally(IGitHubClient github, RepositoryName repo, PullRequest pull, string headSha, int required,
        bool requireOnHead)
    {
        var reviews = await github.PullRequest.Review.GetAll(repo.Owner, repo.Name, pull.Number);
        var latest = reviews
            .Where(r => r.User is not null && r.User.Login != pull.User?.Login && r.State.StringValue is "APPROVED" or "CHANGES_REQUESTED" or "DISMISSED")
            .GroupBy(r => r.User.Id)
            .Select(g => g.OrderBy(r => r.SubmittedAt).ThenBy(r => r.Id).Last())
            .Where(r => r.State.StringValue != "DISMISSED")
            .ToList();

        var writers = new List<PullRequestReview>();
        var withoutWriteAccess = new List<PullRequestReview>();
        foreach (var review in latest)
            (await HasWriteAccess(github, repo, review) ? writers : withoutWriteAccess).Add(review);

        var approved = writers.Where(r => r.State.StringValue == "APPROVED").ToList();
        var current = approved.Where(r => !requireOnHead || r.CommitId == headSha).ToList();
        return new ApprovalTally(
            current.Count,
            required,
            writers.Where(r => r.State.StringValue == "CHANGES_REQUESTED").Select(r => r.User.Login).ToList(),
            approved.Except(current).Select(r => r.User.Login).ToList(),
            withoutWriteAccess.Where(r => r.State.StringValue == "APPROVED").Select(r => r.User.Login).ToList());
    }

    static async Task<bool> HasWriteAccess(IGitHubClient github, RepositoryName repo, PullRequestReview review) =>
        WritingAssociations.Contains(review.AuthorAssociation.StringValue)
        || WritingPermissions.Contains((await github.Repository.Collaborator.ReviewPermission(repo.Owner, repo.Name, review.User.Login)).Permission);
}
