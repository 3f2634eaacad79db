using DeployQueue.Contracts;
using DeployQueue.Domain.Configuration;
using DeployQueue.Domain.Policies;
using DeployQueue.Domain.Tests.Fakes;

namespace DeployQueue.Domain.Tests;

/// <summary>
/// Deadlines are judged on the deploys' clock (the database's, in the service), not on the clock of the instance that
/// happens to handle the command: one instance stamps a merge deadline, another judges it, and their clocks may disagree.
/// </summary>
[TestFixture]
public class DeadlineClockTests : DeployQueueFixture
{
    static readonly TimeSpan Ahead = TimeSpan.FromSeconds(10);

    static readonly TimeSpan Window = TimeSpan.FromSeconds(2);

    protected override TimeProvider Clock { get; } = new ShiftedClock(Ahead);

    protected override void Adjust(DeployQueueOptions options) =>
        options.Targets["staging"].Monitoring = new MonitoringOptions
        {
            Window = Window,
            Interval = TimeSpan.FromMilliseconds(100),
            Checks = [new MonitoringCheckOptions { Path = "/health", MaxLatencyMs = 500 }],
        };

    [Test]
    public async Task The_merge_consumer_judges_the_deadline_on_the_deploys_clock()
    {
        GitHub.PullRequest(Shop, 421);
        var deployId = Guid.NewGuid();

        // Ahead of this process's clock, already behind the deploys' clock.
        await Harness.Bus.Publish(new MergePullRequest
        {
            DeployId = deployId, Attempt = 1, Repository = Shop, PrNumber = 421, Target = "staging",
            MergeStrategy = MergeStrategy.Squash, CommitTitle = "Deploy PR #421 (#421)",
            Deadline = DateTimeOffset.UtcNow + Ahead / 2,
        });

        var refused = await PublishedOne<MergeBlocked>(b => b.DeployId == deployId);
        Assert.Multiple(() =>
        {
            Assert.That(refused.Reason, Is.EqualTo(MergeBlockReason.DeadlinePassed));
            Assert.That(GitHub.Merges, Is.Empty);
        });
    }

    [Test]
    public async Task A_deploy_stamps_its_merge_deadline_on_the_deploys_clock()
    {
        GitHub.PullRequest(Shop, 422);

        await Send(Request(422));
        var deploy = await Reaches(IdOf(422), m => m.Succeeded);

        // A merge timeout after the grant on a clock 10 s ahead: on this process's clock, more than a timeout from now.
        Assert.That(deploy.Attempt.MergeDeadline, Is.GreaterThan(DateTimeOffset.UtcNow + StepTimeout), "the merge deadline");
    }

    [Test]
    public async Task A_monitor_watches_its_window_on_the_deploys_clock()
    {
        GitHub.PullRequest(Shop, 423);
        Monitoring.Answer("staging", _ => ScriptedMonitoring.Healthy());

        await Send(Request(423));
        await Reaches(IdOf(423), m => m.Succeeded);
        var monitor = await MonitorReaches(DeployIdentity.LaneId(Shop, "staging"), m => m.Stable);

        Assert.Multiple(() =>
        {
            // Started a window ago on a clock 10 s ahead: on this process's clock, still well in the future.
            Assert.That(monitor.StartedAt, Is.GreaterThan(DateTimeOffset.UtcNow + Ahead - 2 * Window), "the watch's start");
            Assert.That(monitor.EndedAt - monitor.StartedAt, Is.GreaterThanOrEqualTo(Window).And.LessThan(Window + StepTimeout),
                "the window, judged on the same clock");
            Assert.That(monitor.Samples, Is.GreaterThan(1), "intervals sampled through the window");
        });
    }
}
