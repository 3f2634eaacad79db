using DeployQueue.Contracts;
using DeployQueue.Domain.Tests.Fakes;

namespace DeployQueue.Domain.Tests;

[TestFixture]
public class LaneTests : DeployQueueFixture
{
    [Test]
    public async Task A_second_pr_for_the_same_target_waits_for_the_first_then_runs()
    {
        var first = GitHub.PullRequest(Shop, 201);
        var release = new TaskCompletionSource();
        GitHub.Pipeline(first.MergeSha).Forever(PipelineScript.Running(DeployStage.Deploy));

        await Send(Request(201));
        await Reaches(IdOf(201), m => m.Deploying);
        await Send(Request(202));

        // The second deploy is claimed but stays out of Merging while the first holds the lane.
        var waiting = await Reaches(IdOf(202), m => m.Claimed);
        Assert.That(GitHub.Merges.Select(m => m.PrNumber), Is.EqualTo(new[] { 201 }));

        GitHub.Pipeline(first.MergeSha).Forever(PipelineScript.Succeeded);
        await Reaches(IdOf(201), m => m.Succeeded);
        await Reaches(IdOf(202), m => m.Succeeded);

        Assert.Multiple(() =>
        {
            Assert.That(waiting.Attempt.WaitingFor, Is.Null.Or.EqualTo("lane"));
            Assert.That(GitHub.Merges.Select(m => m.PrNumber), Is.EqualTo(new[] { 201, 202 }), "merged one after the other");
        });
    }

    [Test]
    public async Task Two_targets_run_side_by_side()
    {
        var staging = GitHub.PullRequest(Shop, 203);
        var preview = GitHub.PullRequest(Shop, 204);
        GitHub.Pipeline(staging.MergeSha).Forever(PipelineScript.Running(DeployStage.Deploy));
        GitHub.Pipeline(preview.MergeSha).Forever(PipelineScript.Running(DeployStage.Deploy));

        await Send(Request(203, "staging"));
        await Send(Request(204, "preview"));

        await Reaches(IdOf(203, "staging"), m => m.Deploying);
        await Reaches(IdOf(204, "preview"), m => m.Deploying);
    }

    [Test]
    public async Task Waiting_deploys_go_next_by_priority_then_oldest_first()
    {
        var holder = GitHub.PullRequest(Shop, 205);
        GitHub.Pipeline(holder.MergeSha).Forever(PipelineScript.Running(DeployStage.Deploy));
        await Send(Request(205));
        await Reaches(IdOf(205), m => m.Deploying);

        await Send(Request(206, priority: TaskPriority.Low));
        await Reaches(IdOf(206), m => m.Claimed);
        await Send(Request(207, priority: TaskPriority.Low));
        await Reaches(IdOf(207), m => m.Claimed);
        await Send(Request(208, priority: TaskPriority.Critical));
        await Reaches(IdOf(208), m => m.Claimed);

        GitHub.Pipeline(holder.MergeSha).Forever(PipelineScript.Succeeded);
        foreach (var pr in new[] { 205, 206, 207, 208 })
            await Reaches(IdOf(pr), m => m.Succeeded);

        Assert.That(GitHub.Merges.Select(m => m.PrNumber), Is.EqualTo(new[] { 205, 208, 206, 207 }));
    }

    [Test]
    public async Task A_lost_lane_request_is_sent_again_while_the_deploy_waits()
    {
        Tap.Drop<LaneRequested>(r => r.DeployId == IdOf(211));

        await Send(Request(211));

        await Reaches(IdOf(211), m => m.Succeeded);
        Assert.That(Tap.Lost<LaneRequested>(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_lost_lane_grant_is_granted_again_when_the_deploy_asks_again()
    {
        Tap.Drop<LaneGranted>(g => g.DeployId == IdOf(212));

        await Send(Request(212));

        await Reaches(IdOf(212), m => m.Succeeded);
        Assert.That(Tap.Lost<LaneGranted>(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_lane_whose_release_was_lost_is_freed_by_probing_its_holder()
    {
        var first = GitHub.PullRequest(Shop, 213);
        Tap.Drop<LaneReleased>(r => r.DeployId == IdOf(213));
        await Send(Request(213));
        await Reaches(IdOf(213), m => m.Succeeded);
        await Eventually(() => Tap.Lost<LaneReleased>().FirstOrDefault(), "the release was not lost");

        await Send(Request(214));

        await Reaches(IdOf(214), m => m.Succeeded);
        var grant = await PublishedOne<LaneGranted>(g => g.DeployId == IdOf(214));
        Assert.That(grant.LastKnownGoodSha, Is.EqualTo(first.MergeSha), "the lane learned the good SHA from the probe's answer");
    }

    [Test]
    public async Task A_pr_waiting_for_approval_gives_the_lane_to_the_next_deploy()
    {
        GitHub.PullRequest(Shop, 209).Finally = Ports.GateVerdict.ApprovalMissing;

        await Send(Request(209));
        await Reaches(IdOf(209), m => m.AwaitingGate);
        await Send(Request(210));

        await Reaches(IdOf(210), m => m.Succeeded);
        Assert.That(GitHub.Merges.Select(m => m.PrNumber), Is.EqualTo(new[] { 210 }));
    }
}
