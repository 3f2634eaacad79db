using DeployQueue.Contracts;
using DeployQueue.Domain.StateMachines;

namespace DeployQueue.Domain.Tests;

/// <summary>A merge may land after the merge timeout failed its deploy: no other PR of that lane deploys meanwhile.</summary>
[TestFixture]
public class MergeDeadlineTests : DeployQueueFixture
{
    // A merge command that waited in its queue past its deadline (the service was down at the due time); one without a
    // deadline is refused alike (no release ever sent one).
    [TestCase(-1.0, TestName = "The merge consumer never merges after the command's deadline")]
    [TestCase(null, TestName = "The merge consumer never merges a command without a deadline")]
    public async Task The_merge_consumer_never_merges_after_the_commands_deadline(double? deadlineInSeconds)
    {
        GitHub.PullRequest(Shop, 401);
        var deployId = Guid.NewGuid();

        await Harness.Bus.Publish(new MergePullRequest
        {
            DeployId = deployId, Attempt = 1, Repository = Shop, PrNumber = 401, Target = "staging",
            MergeStrategy = MergeStrategy.Squash, CommitTitle = "Deploy PR #401 (#401)",
            Deadline = deadlineInSeconds is { } seconds ? DateTimeOffset.UtcNow.AddSeconds(seconds) : default,
        });

        var refused = await PublishedOne<MergeBlocked>(b => b.DeployId == deployId);
        Assert.Multiple(() =>
        {
            Assert.That(refused.Reason, Is.EqualTo(MergeBlockReason.DeadlinePassed));
            Assert.That(refused.Attempt, Is.EqualTo(1));
            Assert.That(GitHub.Merges, Is.Empty);
        });
    }

    [Test]
    public async Task A_deploy_failed_at_the_merge_timeout_keeps_its_lane_until_its_late_merge_reports()
    {
        GitHub.PullRequest(Shop, 402).MergeTakes = StepTimeout + TimeSpan.FromSeconds(1);
        GitHub.PullRequest(Shop, 403);

        await Send(Request(402));
        await Reaches(IdOf(402), m => m.Merging);
        await Send(Request(403));
        await Reaches(IdOf(403), m => m.Claimed);

        await Reaches(IdOf(402), m => m.Failed);
        await PublishedOne<Announcement>(a => a.DeployId == IdOf(402) && a.Kind == AnnouncementKind.InvestigationNeeded);
        await Reaches(IdOf(403), m => m.Succeeded);

        Assert.That(GitHub.Merges.Select(m => m.PrNumber), Is.EqualTo(new[] { 402, 403 }),
            "the next PR merged only once the late merge had landed");
    }

    [Test]
    public async Task A_new_attempt_of_a_deploy_that_keeps_its_lane_goes_on_in_that_lane_before_the_next_pr()
    {
        var pr = GitHub.PullRequest(Shop, 406);
        pr.MergeTakes = StepTimeout + TimeSpan.FromSeconds(1);
        GitHub.PullRequest(Shop, 407);

        await Send(Request(406));
        await Reaches(IdOf(406), m => m.Merging);
        await Eventually(() => Volatile.Read(ref pr.MergeCallsStarted) > 0 ? pr : null, "the first attempt's merge call never started");
        pr.MergeTakes = TimeSpan.Zero; // the next attempt's merge is quick
        await Send(Request(407));
        await Reaches(IdOf(407), m => m.Claimed);
        await Reaches(IdOf(406), m => m.Failed);

        await Send(Request(406));
        var deploy = await Reaches(IdOf(406), m => m.Succeeded);
        await Reaches(IdOf(407), m => m.Succeeded);

        Assert.Multiple(() =>
        {
            Assert.That(deploy.Attempt.Number, Is.EqualTo(2));
            Assert.That(deploy.Attempt.MergeSha, Is.EqualTo(pr.MergeSha));
            Assert.That(GitHub.Merges.Select(m => m.PrNumber), Is.EqualTo(new[] { 406, 407 }), "PR #407 waited for #406's attempts");
        });
    }

    [Test]
    public async Task A_kept_lane_is_given_back_a_grace_after_the_deadline_when_the_merge_never_reports()
    {
        GitHub.PullRequest(Shop, 404).MergeTakes = StepTimeout + TimeSpan.FromSeconds(1);
        GitHub.PullRequest(Shop, 405);
        Tap.Drop<PullRequestMerged>(m => m.DeployId == IdOf(404));
        Tap.Record<LaneGranted>();
        Tap.Record<LaneReleased>();

        await Send(Request(404));
        await Reaches(IdOf(404), m => m.Merging);
        await Send(Request(405));
        await Reaches(IdOf(405), m => m.Claimed);
        await Reaches(IdOf(404), m => m.Failed);
        // The waiting deploy's re-check probes the holder, which keeps the lane.
        var grantsWhenFailed = Tap.Delivered<LaneGranted>(g => g.DeployId == IdOf(404)).Count;
        await Eventually(() => Tap.Delivered<LaneGranted>(g => g.DeployId == IdOf(404)).Skip(grantsWhenFailed).FirstOrDefault(),
            "the holder was not probed");
        // The merge landed after the deadline, and its report was lost.
        await Eventually(() => Tap.Lost<PullRequestMerged>().FirstOrDefault(), "the late merge did not land");

        Assert.Multiple(() =>
        {
            Assert.That(Tap.Delivered<LaneReleased>(r => r.DeployId == IdOf(404)), Is.Empty, "the lane is kept for the merge");
            Assert.That(Deploys.Sagas.Contains(IdOf(405))?.CurrentState, Is.EqualTo(nameof(DeployStateMachine.Claimed)));
        });

        await Reaches(IdOf(405), m => m.Succeeded);
        Assert.That(GitHub.Merges.Select(m => m.PrNumber), Is.EqualTo(new[] { 404, 405 }));
    }

    [Test]
    public async Task A_kept_lane_whose_grace_timer_was_lost_is_given_back_to_the_next_probe_after_the_grace()
    {
        GitHub.PullRequest(Shop, 408).MergeTakes = StepTimeout + TimeSpan.FromSeconds(1);
        GitHub.PullRequest(Shop, 409);
        // The late merge's report and the grace's own timer both end in an error queue (the database was down).
        Tap.Drop<PullRequestMerged>(m => m.DeployId == IdOf(408));
        Tap.Drop<MergeGraceExpired>(m => m.DeployId == IdOf(408));

        await Send(Request(408));
        await Reaches(IdOf(408), m => m.Merging);
        await Send(Request(409));
        await Reaches(IdOf(408), m => m.Failed);
        await Eventually(() => Tap.Lost<MergeGraceExpired>().FirstOrDefault(), "the grace timer was not lost");

        await Reaches(IdOf(409), m => m.Succeeded);
        Assert.That(GitHub.Merges.Select(m => m.PrNumber), Is.EqualTo(new[] { 408, 409 }));
    }
}
