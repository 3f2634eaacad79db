using DeployQueue.Contracts;
using MassTransit;

namespace DeployQueue.Domain.Tests;

/// <summary>
/// GitHub's secondary rate limits ask the caller to come back after a while (a minute, typically): the merge waits that out
/// without spending its retries, which are left for real faults, and the deploy goes on once GitHub takes the merge.
/// </summary>
[TestFixture]
public class RetryAfterTests : DeployQueueFixture
{
    [Test]
    public async Task A_merge_rate_limited_more_times_than_it_has_retries_merges_once_GitHub_takes_it()
    {
        // Five waits: the endpoint's three retries and the first attempt would be spent, and the command lost to the error queue.
        var pr = GitHub.PullRequest(Shop, 501);
        pr.RateLimitedMerges = 5;

        await Send(Request(501));
        var deploy = await Reaches(IdOf(501), m => m.Succeeded);

        Assert.Multiple(() =>
        {
            Assert.That(pr.MergeCallsStarted, Is.EqualTo(6), "five rate-limited merge calls, then the one GitHub took");
            Assert.That(GitHub.Merges.Select(m => m.PrNumber), Is.EqualTo(new[] { 501 }), "merged once");
            Assert.That(deploy.Attempt.MergeSha, Is.EqualTo(pr.MergeSha));
            Assert.That(Harness.Published.Select<Fault<MergePullRequest>>().Any(), Is.False, "no merge command faulted");
        });
    }
}
