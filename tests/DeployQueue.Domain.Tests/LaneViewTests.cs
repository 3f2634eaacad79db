using DeployQueue.Contracts;
using DeployQueue.Domain.Policies;
using DeployQueue.Domain.StateMachines;
using DeployQueue.Domain.Views;

namespace DeployQueue.Domain.Tests;

[TestFixture]
public class LaneViewTests
{
    const string Shop = "acme/shop";
    static readonly Guid Lane = DeployIdentity.LaneId(Shop, "staging");
    static readonly DateTimeOffset T0 = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    static DeployState Deploy(int pr, string state, MergeBlockReason? gate = null, int minutes = 0) => new()
    {
        CorrelationId = DeployIdentity.DeployId(Shop, pr, "staging"),
        Repository = Shop,
        PrNumber = pr,
        Target = "staging",
        LaneId = Lane,
        CurrentState = state,
        Attempt = new DeployAttempt { Number = 1, StartedAt = T0.AddMinutes(minutes), GateBlockedBy = gate },
    };

    static LaneTicket Ticket(DeployState deploy, TaskPriority priority, int minutes) =>
        new(deploy.CorrelationId, Guid.NewGuid(), priority, T0.AddMinutes(minutes));

    [Test]
    public void The_queue_is_in_grant_order_then_the_gate_each_with_why_it_waits()
    {
        var holder = Deploy(1, "Deploying");
        var low = Deploy(2, "Claimed");
        var critical = Deploy(3, "Claimed");
        var checks = Deploy(4, "AwaitingGate", MergeBlockReason.ChecksPending, minutes: 2);
        var approval = Deploy(5, "AwaitingGate", MergeBlockReason.ApprovalMissing, minutes: 1);
        var done = Deploy(6, "Succeeded");
        var lane = new LaneState
        {
            CorrelationId = Lane, Repository = Shop, Target = "staging",
            Holder = Ticket(holder, TaskPriority.Normal, 0),
            Waiting = [Ticket(low, TaskPriority.Low, 1), Ticket(critical, TaskPriority.Critical, 2)],
        };

        var view = LaneView.Of([lane], [holder, low, critical, checks, approval, done]).Single();

        Assert.Multiple(() =>
        {
            Assert.That(view.Holder, Is.SameAs(holder));
            Assert.That(view.Queue.Select(q => (q.Deploy.PrNumber, q.Reason)), Is.EqualTo(new[]
            {
                (3, WaitReason.LaneBusy), (2, WaitReason.LaneBusy), (5, WaitReason.Approval), (4, WaitReason.Checks),
            }));
            Assert.That(view.PlaceOf(holder), Is.EqualTo("holds it (deploying)"));
            Assert.That(view.PlaceOf(low), Is.EqualTo("2 of 4 waiting (lane busy)"));
            Assert.That(view.PlaceOf(done), Is.Null);
        });
    }

    [Test]
    public void Deploys_queued_on_a_locked_lane_wait_for_the_lock()
    {
        var waiting = Deploy(7, "Claimed");
        var lane = new LaneState
        {
            CorrelationId = Lane, Repository = Shop, Target = "staging",
            Lock = new LaneLock("freeze", "alice", T0),
            Waiting = [Ticket(waiting, TaskPriority.Normal, 0)],
        };

        var view = LaneView.Of([lane], [waiting]).Single();

        Assert.That(view.Queue.Single().Reason, Is.EqualTo(WaitReason.LaneLocked));
    }

    [Test]
    public void The_holder_shows_the_stage_it_is_in_now()
    {
        static LaneView HeldBy(string state, DeployStage? stage)
        {
            var holder = Deploy(8, state);
            holder.Attempt.Stage = stage;
            var lane = new LaneState { CorrelationId = Lane, Repository = Shop, Target = "staging", Holder = Ticket(holder, TaskPriority.Normal, 0) };
            return LaneView.Of([lane], [holder]).Single();
        }

        var smoke = HeldBy("Smoke", DeployStage.Smoke);

        Assert.Multiple(() =>
        {
            Assert.That(HeldBy("Merging", null).HolderActivity, Is.EqualTo("merging"));
            Assert.That(HeldBy("Deploying", DeployStage.Startup).HolderActivity, Is.EqualTo("deploying (Startup)"));
            Assert.That(smoke.HolderActivity, Is.EqualTo("smoke tests"), "a holder in Smoke no longer reads as deploying");
            Assert.That(smoke.PlaceOf(smoke.Holder!), Is.EqualTo("holds it (smoke tests)"));
            Assert.That(HeldBy("Failed", DeployStage.Merge).HolderActivity, Is.EqualTo("failed, keeps the lane until its merge reports"));
        });
    }
}
