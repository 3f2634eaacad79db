using DeployQueue.GitHub.Http;

namespace DeployQueue.GitHub.Tests;

/// <summary>
/// The endpoint label of <c>deployqueue.github.calls</c>: the path GitHub was asked, with every part that names a
/// repository, PR, run, SHA, branch or workflow replaced, so that a dashboard sums calls per endpoint over repositories.
/// </summary>
[TestFixture]
public class GitHubCallMetricsTests
{
    [TestCase("repos/acme/shop/pulls/12/merge", "repos/{owner}/{repo}/pulls/{id}/merge")]
    [TestCase("repos/acme/shop/pulls/12/reviews?per_page=100", "repos/{owner}/{repo}/pulls/{id}/reviews")]
    [TestCase("repos/acme/shop/commits/0123abc4567def/check-runs", "repos/{owner}/{repo}/commits/{id}/check-runs")]
    [TestCase("repos/acme/shop/branches/feature/x-y", "repos/{owner}/{repo}/branches/{branch}")]
    [TestCase("repos/acme/shop/rules/branches/main", "repos/{owner}/{repo}/rules/branches/{branch}")]
    [TestCase("repos/acme/shop/actions/workflows/deploy.yml/runs?head_sha=abc", "repos/{owner}/{repo}/actions/workflows/{id}/runs")]
    [TestCase("repos/acme/shop/compare/abc1234...def5678", "repos/{owner}/{repo}/compare/{id}")]
    [TestCase("repos/acme/shop/collaborators/alice/permission", "repos/{owner}/{repo}/collaborators/{id}/permission")]
    [TestCase("https://ghe.example/api/v3/repos/acme/shop/deployments/7/statuses", "repos/{owner}/{repo}/deployments/{id}/statuses")]
    public void An_endpoint_is_named_without_its_variable_parts(string requested, string endpoint) =>
        Assert.That(GitHubCallMetrics.Endpoint(new Uri(requested, UriKind.RelativeOrAbsolute)), Is.EqualTo(endpoint));
}
