using DeployQueue.Contracts;
using DeployQueue.Domain.Policies;
using DeployQueue.IntegrationTests.Infrastructure;
using DeployQueue.Service.Messaging;
using DeployQueue.Simulators.GitHub.Scripting;
using Microsoft.EntityFrameworkCore;

namespace DeployQueue.IntegrationTests.Lifecycle;

/// <summary>
/// DESIGN.md §10: an instance killed (SIGKILL) at any moment loses no deploy, merges nothing twice, and loses or
/// duplicates no downstream message. Two service processes share the broker and a database; one of them is killed
/// again and again while deploys run, each time a few more transitions after the last kill, and started again at
/// once (the next kill may hit it while it starts).
/// </summary>
[TestFixture]
public class KillTests
{
    const int PullRequestsPerRepository = 4;
    static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);
    static readonly TimeSpan AfterKills = TimeSpan.FromSeconds(90);

    // One target per repository: two repositories landing on one target simulator would fail each other's version check.
    static readonly string[] Targets = ["staging", "qa", "preview"];

    // Transitions between two kills: the kills fall at ever different points of the deploys, of a starting instance too.
    static readonly int[] TransitionsBetweenKills = [1, 3, 2, 5, 1, 4, 2];
    const int MaxKills = 10;

    [Test]
    public async Task Deploys_survive_an_instance_killed_again_and_again()
    {
        await using var system = await EndToEndSystem.Create(repositories: Targets.Length, targets: Targets);
        var deploys = system.Repositories
            .SelectMany((repository, r) => Enumerable.Range(1, PullRequestsPerRepository)
                .Select(n => (Repository: repository, Target: Targets[r], PrNumber: 700 + 10 * r + n)))
            .ToList();
        foreach (var (repository, target) in system.Repositories.Zip(Targets))
            system.GitHub.Repository(repository).OnMerge(system.PipelineLandingOn(target, Pace.AfterPolls(3)));
        var pulls = deploys.ToDictionary(d => d.PrNumber, d => system.ReadyPullRequest(d.Repository, d.PrNumber));
        var deployIds = deploys.Select(d => DeployIdentity.DeployId(d.Repository, d.PrNumber, d.Target)).ToHashSet();
        var store = new SagaStore(system.Database);

        await using var services = new ServiceProcesses(system);
        try
        {
            await services.Start();
            await services.Start();
            foreach (var (repository, target, prNumber) in deploys)
                await system.SendToDeployQueue(SeedTask.Json(repository, prNumber, target));

            var kills = 0;
            var transitionsAtLastKill = 0;
            var deadline = DateTime.UtcNow + Bound;
            while (kills < MaxKills && DateTime.UtcNow < deadline)
            {
                var next = transitionsAtLastKill + TransitionsBetweenKills[kills % TransitionsBetweenKills.Length];
                var progress = await Eventually.Poll(() => Progress(store, deployIds),
                    p => p.Transitions >= next || p.Finished == deployIds.Count, deadline - DateTime.UtcNow);
                if (progress.Finished == deployIds.Count)
                    break;

                await services.KillAndRestart(kills % 2);
                kills++;
                transitionsAtLastKill = progress.Transitions;
            }

            TestContext.Out.WriteLine($"{kills} instances killed");
            // Each restart costs the instance's start (migration check, clock, bus, telemetry): the deploys finish after the kills.
            var finished = await Eventually.Poll(() => store.Finished(deployIds), d => d.Count == deployIds.Count, deadline + AfterKills - DateTime.UtcNow);
            // Whatever a killed instance committed but never sent is sent by now (by a redelivery or another instance's sweep).
            var outboxLeft = await Eventually.Poll(store.OutboxLeft, n => n == 0, TimeSpan.FromSeconds(30));
            var e2e = await system.Inbox.WaitFor<E2ERequested>(DownstreamQueues.E2ETest, e => deployIds.Contains(e.DeployId),
                found => found.Select(e => e.DeployId).Distinct().Count() == deployIds.Count, TimeSpan.FromSeconds(30));
            var e2eMessageIds = system.Inbox.ReceivedWithIds<E2ERequested>(DownstreamQueues.E2ETest)
                .Where(m => deployIds.Contains(m.Message.DeployId))
                .GroupBy(m => m.Message.DeployId, m => m.MessageId)
                .ToDictionary(g => g.Key, g => g.Distinct().Count());

            Assert.Multiple(() =>
            {
                Assert.That(kills, Is.GreaterThanOrEqualTo(4), "the deploys ran through several kills");
                Assert.That(finished, Has.Count.EqualTo(deployIds.Count), "deploys that reached a final state");
                foreach (var deploy in finished)
                    Assert.That(deploy.CurrentState, Is.EqualTo("Succeeded"), $"{deploy.Repository}#{deploy.PrNumber}: {deploy.Attempt.Outcome}");
                foreach (var (prNumber, pull) in pulls)
                    Assert.That(pull.Merges, Is.EqualTo(1), $"merges of PR #{prNumber}");
                Assert.That(outboxLeft, Is.Zero, "messages left unsent in the outbox");
                Assert.That(e2e.Select(e => e.DeployId).Distinct().Count(), Is.EqualTo(deployIds.Count), "deploys handed to e2e");
                foreach (var (deployId, messageIds) in e2eMessageIds)
                    Assert.That(messageIds, Is.EqualTo(1), $"distinct E2ERequested messages for deploy {deployId}");
            });
        }
        catch
        {
            services.WriteOutputs();
            throw;
        }
    }

    static Task<(int Transitions, int Finished)> Progress(SagaStore store, HashSet<Guid> deployIds) =>
        store.Query(async db => (
            await db.DeployTransitions.CountAsync(t => deployIds.Contains(t.DeployId)),
            await db.Deploys.CountAsync(d => deployIds.Contains(d.CorrelationId) && (d.CurrentState == "Succeeded" || d.CurrentState == "Failed"))));
}
