using DeployQueue.Contracts;
using DeployQueue.Domain.Policies;
using DeployQueue.IntegrationTests.Infrastructure;
using DeployQueue.Service.Messaging;
using DeployQueue.Simulators.Target;

namespace DeployQueue.IntegrationTests.Monitoring;

/// <summary>
/// Issue 15: a killed instance mid-window loses no watch. Two service processes share the broker and a database; two
/// releases are watched, one that stays healthy and one whose latency grows past its bound later in its window. Once
/// both watches have judged a few intervals, each instance is killed (SIGKILL) in turn and started again; the watches
/// must still end as they would have without the kills: the healthy one <see cref="AnnouncementKind.Stable"/> once, the
/// degrading one with one fix task, and neither both.
/// </summary>
[TestFixture]
public class MonitorKillTests
{
    const string Healthy = "staging";
    const string Degrading = "qa";
    const int SamplesBeforeKills = 3;
    static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);

    [Test]
    public async Task Watches_carried_through_killed_instances_end_once_stable_or_once_degraded()
    {
        await using var system = await EndToEndSystem.Create(repositories: 2, targets: [Healthy, Degrading],
            // The degrading release is watched long enough to fail even when both instances were down (restarting on a
            // loaded machine) through the moment it crossed its bound: a window that passes first would end it Stable.
            settings: Watched(Healthy, "00:00:25").Concat(Watched(Degrading, "00:01:30")).ToDictionary());
        var (healthyRepository, degradingRepository) = (system.Repositories[0], system.Repositories[1]);
        system.ReadyPullRequest(healthyRepository, 1);
        var bad = system.ReadyPullRequest(degradingRepository, 1);
        system.GitHub.Repository(healthyRepository).OnMerge(system.PipelineLandingOn(Healthy));
        // 50 ms slower every second from landing: past the monitoring bound (600 ms) after twelve seconds, after the kills,
        // and past the smoke bound (1500 ms) only after thirty. It stops at 1200 ms, below the 2 s request timeout: instances
        // slow to start again on a loaded machine must find a slow service, not one that no longer answers.
        system.GitHub.Repository(degradingRepository).OnMerge(system.PipelineLandingOn(Degrading) with
        {
            WhenSucceeded = sha =>
            {
                system.Targets[Degrading].Land(sha);
                system.Targets[Degrading].Degrade(new TargetDegradation
                {
                    LatencyGrowthPerSecond = TimeSpan.FromMilliseconds(50), LatencyGrowthCeiling = TimeSpan.FromMilliseconds(1200),
                });
            },
        });
        var lanes = new[] { DeployIdentity.LaneId(healthyRepository, Healthy), DeployIdentity.LaneId(degradingRepository, Degrading) };
        var store = new SagaStore(system.Database);

        await using var services = new ServiceProcesses(system);
        try
        {
            await services.Start();
            await services.Start();
            await system.SendToDeployQueue(SeedTask.Json(healthyRepository, 1, Healthy));
            await system.SendToDeployQueue(SeedTask.Json(degradingRepository, 1, Degrading));

            var judged = await Eventually.Poll(() => store.Monitors(lanes),
                monitors => monitors.Count == 2 && monitors.All(m => m.LastJudgedSample >= SamplesBeforeKills), Bound);
            Assert.That(judged.Select(m => m.LastJudgedSample), Has.All.GreaterThanOrEqualTo(SamplesBeforeKills), "both watches under way");
            Assert.That(judged.Select(m => m.CurrentState), Has.All.EqualTo("Monitoring"), "the kills fall inside both windows");

            await services.KillAndRestart(0);
            // The second kill a couple of intervals later, with the first instance perhaps still starting.
            var before = judged.Max(m => m.LastJudgedSample);
            await Eventually.Poll(() => store.Monitors(lanes), monitors => monitors.Any(m => m.LastJudgedSample >= before + 2), Bound);
            await services.KillAndRestart(1);

            var ended = await Eventually.Poll(() => store.Monitors(lanes), monitors => monitors.All(m => m.EndedAt is not null), Bound);
            var healthy = await system.Inbox.WaitFor<Announcement>(DownstreamQueues.Announce, a => a.Repository == healthyRepository,
                found => found.Any(a => a.Kind == AnnouncementKind.Stable), TimeSpan.FromSeconds(30));
            var fixTasks = await system.Inbox.WaitFor<FixTaskRequested>(DownstreamQueues.Execution, f => f.Repository == degradingRepository,
                found => found.Count > 0, TimeSpan.FromSeconds(30));
            // Every message the killed instances committed reaches its queue by now; late duplicates would show here.
            await Eventually.Poll(store.OutboxLeft, n => n == 0, TimeSpan.FromSeconds(30));
            await system.Inbox.Collect();

            Assert.Multiple(() =>
            {
                Assert.That(ended.Single(m => m.Repository == healthyRepository).CurrentState, Is.EqualTo("Stable"));
                Assert.That(ended.Single(m => m.Repository == degradingRepository).CurrentState, Is.EqualTo("Degraded"));
                Assert.That(Distinct<Announcement>(system, DownstreamQueues.Announce,
                    a => a.Repository == healthyRepository && a.Kind == AnnouncementKind.Stable), Is.EqualTo(1),
                    $"Stable announcements of the healthy release:\n{string.Join("\n", healthy.Select(a => a.Message))}");
                Assert.That(Distinct<FixTaskRequested>(system, DownstreamQueues.Execution, f => f.Repository == healthyRepository), Is.Zero);
                Assert.That(Distinct<FixTaskRequested>(system, DownstreamQueues.Execution, f => f.Repository == degradingRepository), Is.EqualTo(1),
                    "fix tasks of the degrading release");
                Assert.That(fixTasks[0].Kind, Is.EqualTo(FixTaskKind.PerformanceDegradation));
                Assert.That(fixTasks[0].MergeSha, Is.EqualTo(bad.MergeCommitSha));
                Assert.That(Distinct<Announcement>(system, DownstreamQueues.Announce,
                    a => a.Repository == degradingRepository && a.Kind is AnnouncementKind.Stable or AnnouncementKind.Failed), Is.EqualTo(1),
                    "the degrading release ends once, Failed, never Stable too");
            });
        }
        catch
        {
            services.WriteOutputs();
            throw;
        }
    }

    /// <summary>Distinct messages (by message id: a redelivered duplicate is the same message) matching <paramref name="about"/>.</summary>
    static int Distinct<T>(EndToEndSystem system, string queue, Func<T, bool> about) where T : class =>
        system.Inbox.ReceivedWithIds<T>(queue).Where(m => about(m.Message)).Select(m => m.MessageId).Distinct().Count();

    static Dictionary<string, string?> Watched(string target, string window)
    {
        var key = $"DeployQueue:Targets:{target}:Monitoring:";
        return new Dictionary<string, string?>
        {
            [key + "Window"] = window,
            [key + "Interval"] = "00:00:01",
            [key + "FailureLimit"] = "2",
            [key + "Checks:0:Type"] = "Http",
            [key + "Checks:0:Path"] = TargetSimulator.ProductsPath,
            [key + "Checks:0:MaxLatencyMs"] = "600",
            [key + "Checks:0:Requests"] = "3",
        };
    }
}
