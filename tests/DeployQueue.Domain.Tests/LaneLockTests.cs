using DeployQueue.Contracts;
using DeployQueue.Domain.Configuration;
using DeployQueue.Domain.Policies;
using DeployQueue.Domain.StateMachines;
using DeployQueue.Domain.Tests.Fakes;

namespace DeployQueue.Domain.Tests;

[TestFixture]
public class LaneLockTests : DeployQueueFixture
{
    static readonly Guid StagingLane = DeployIdentity.LaneId(Shop, "staging");

    /// <summary>The holder deploys while the test locks and queues behind it: more than the fixture's short deploy timeout.</summary>
    protected override void Adjust(DeployQueueOptions options) => options.Targets["staging"].Timeouts.Deploy = Wait;

    Task Lock(string reason = "incident 42: checkout errors", string author = "alice") =>
        Harness.Bus.Publish(new LockLane(StagingLane, Shop, "staging", reason, author, DateTimeOffset.UtcNow));

    Task Unlock(string author = "bob") => Harness.Bus.Publish(new UnlockLane(StagingLane, Shop, "staging", author, DateTimeOffset.UtcNow));

    /// <summary>Waits, bounded, until the staging lane is as <paramref name="condition"/> says.</summary>
    Task<LaneState> Lane(Func<LaneState, bool> condition, string failure)
    {
        var lanes = Harness.GetSagaStateMachineHarness<LaneStateMachine, LaneState>();
        return Eventually(() => lanes.Sagas.Contains(StagingLane) is { } lane && condition(lane) ? lane : null, failure);
    }

    /// <summary>Waits, bounded, until the lane holds the deploy's ticket in its queue.</summary>
    Task<LaneState> Queued(Guid deployId) => Lane(l => l.Waiting.Any(w => w.DeployId == deployId), $"deploy {deployId} never queued for its lane");

    [Test]
    public async Task A_locked_lane_queues_deploys_but_starts_none_until_it_is_unlocked()
    {
        await Lock();
        var locked = await PublishedOne<Announcement>(a => a.Kind == AnnouncementKind.LaneLocked);

        await Send(Request(301));
        await Send(Request(302, priority: TaskPriority.Critical));
        await Queued(IdOf(301));
        var lane = await Queued(IdOf(302));

        Assert.Multiple(() =>
        {
            Assert.That(lane.Lock, Is.EqualTo(new LaneLock("incident 42: checkout errors", "alice", lane.Lock!.Since)));
            Assert.That(lane.Holder, Is.Null, "nobody was granted the locked lane");
            Assert.That(Published<LaneGranted>(_ => true), Is.Empty);
            Assert.That(GitHub.Merges, Is.Empty);
            Assert.That(locked.Message, Does.Contain("alice").And.Contain("incident 42: checkout errors"));
            Assert.That((locked.Repository, locked.Target), Is.EqualTo((Shop, "staging")));
        });

        await Unlock();

        await Reaches(IdOf(301), m => m.Succeeded);
        await Reaches(IdOf(302), m => m.Succeeded);
        var unlocked = await PublishedOne<Announcement>(a => a.Kind == AnnouncementKind.LaneUnlocked);
        Assert.Multiple(() =>
        {
            Assert.That(GitHub.Merges.Select(m => m.PrNumber), Is.EqualTo(new[] { 302, 301 }), "the queue kept its order while locked");
            Assert.That(unlocked.Message, Does.Contain("bob"));
        });
    }

    [Test]
    public async Task Locking_does_not_interrupt_the_deploy_holding_the_lane_but_holds_the_next()
    {
        var holder = GitHub.PullRequest(Shop, 303);
        GitHub.Pipeline(holder.MergeSha).Forever(PipelineScript.Running(DeployStage.Deploy));
        await Send(Request(303));
        await Reaches(IdOf(303), m => m.Deploying);

        // (Lane state rather than the harness's message lists: those wait for inactivity, and a deploying PR polls.)
        await Lock();
        await Lane(l => l.Lock is not null, "the lane was not locked");
        await Send(Request(304));
        await Queued(IdOf(304));
        GitHub.Pipeline(holder.MergeSha).Forever(PipelineScript.Succeeded);

        await Reaches(IdOf(303), m => m.Succeeded);
        var lane = await Lane(l => l.Holder is null, "the holder never gave the lane back");
        Assert.Multiple(() =>
        {
            Assert.That(lane.Waiting.Select(w => w.DeployId), Is.EqualTo(new[] { IdOf(304) }), "the next deploy still waits");
            Assert.That(GitHub.Merges.Select(m => m.PrNumber), Is.EqualTo(new[] { 303 }));
        });

        await Unlock();
        await Reaches(IdOf(304), m => m.Succeeded);
    }

    [Test]
    public async Task Unlocking_a_lane_that_is_not_locked_says_nothing()
    {
        await Send(Request(305));
        await Reaches(IdOf(305), m => m.Succeeded);

        await Unlock();
        await ConsumedOne<UnlockLane>(_ => true);

        Assert.That(Published<Announcement>(a => a.Kind is AnnouncementKind.LaneLocked or AnnouncementKind.LaneUnlocked), Is.Empty);
    }
}
