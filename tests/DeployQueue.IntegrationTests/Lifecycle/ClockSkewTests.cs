using DeployQueue.Contracts;
using DeployQueue.Domain.Policies;
using DeployQueue.IntegrationTests.Infrastructure;
using DeployQueue.Service.Messaging;
using DeployQueue.Simulators.GitHub.Scripting;
using Npgsql;

namespace DeployQueue.IntegrationTests.Lifecycle;

/// <summary>
/// Two instances whose clocks are 10 s apart (one runs under libfaketime, as if on a machine whose clock is off) share
/// the work. What one instance stamps and another judges is in the database's time: a timeout scheduled by the
/// instance behind is due when its delay says by the database's clock, not 10 s early, and its outbox rows are not
/// taken for orphans by the other instance and sent twice. Every deploy ends as it should, each PR merged once, each
/// downstream message delivered with one MessageId.
/// </summary>
[TestFixture]
public class ClockSkewTests
{
    static readonly TimeSpan Skew = TimeSpan.FromSeconds(-10);
    static readonly TimeSpan MergeTimeout = TimeSpan.FromMinutes(1);
    static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);
    static readonly TimeSpan MeasurementSlack = TimeSpan.FromSeconds(1);
    const int PullRequestsPerRepository = 4;
    static readonly string[] Targets = ["staging", "qa", "preview"];

    [Test]
    public async Task Instances_with_clocks_10_s_apart_agree_on_due_times_and_send_each_message_once()
    {
        await using var system = await EndToEndSystem.Create(repositories: Targets.Length, targets: Targets);
        var store = new SagaStore(system.Database);
        foreach (var (repository, target) in system.Repositories.Zip(Targets))
            system.GitHub.Repository(repository).OnMerge(system.PipelineLandingOn(target, Pace.AfterPolls(2)));

        await using var services = new ServiceProcesses(system);
        try
        {
            await services.Start(Skew);

            // A PR waiting for its approval: the instance behind granted its lane and scheduled its merge timeout.
            var waiting = (Repository: system.Repositories[0], Target: Targets[0], PrNumber: 900);
            var waitingPull = system.GitHub.Repository(waiting.Repository).PullRequest(waiting.PrNumber).Check("build", "completed", "success");
            var requestedAt = await DatabaseNow(system);
            await system.SendToDeployQueue(SeedTask.Json(waiting.Repository, waiting.PrNumber, waiting.Target));
            var waitingId = DeployIdentity.DeployId(waiting.Repository, waiting.PrNumber, waiting.Target);
            var atGate = await Eventually.Poll(() => store.Deploy(waitingId), d => d?.CurrentState == "AwaitingGate", Bound);
            var seenAtGate = await DatabaseNow(system);
            Assert.That(atGate?.CurrentState, Is.EqualTo("AwaitingGate"));
            // The lane was granted, and the timeout scheduled, between the request and now: a timeout after that, by the
            // database's clock (10 s earlier, by the clock of the instance that scheduled it).
            var mergeTimeoutDue = await system.PendingScheduleDueAt(atGate!.MergeTimeoutToken!.Value);
            Assert.That(mergeTimeoutDue, Is.InRange(requestedAt + MergeTimeout - MeasurementSlack, seenAtGate + MergeTimeout + MeasurementSlack),
                "the merge timeout is due a full timeout after the lane's grant by the database's clock, not 10 s early");

            await services.Start();
            // The waiting PR's lane is its own: its merge timeout runs since its first grant, and must not run out behind others.
            var deploys = system.Repositories
                .SelectMany((repository, r) => Enumerable.Range(1, r == 0 ? 0 : PullRequestsPerRepository)
                    .Select(n => (Repository: repository, Target: Targets[r], PrNumber: 910 + 10 * r + n)))
                .ToList();
            var pulls = deploys.ToDictionary(d => d.PrNumber, d => system.ReadyPullRequest(d.Repository, d.PrNumber));
            foreach (var (repository, target, prNumber) in deploys)
                await system.SendToDeployQueue(SeedTask.Json(repository, prNumber, target));
            waitingPull.Approve("alice");
            pulls[waiting.PrNumber] = waitingPull;
            var deployIds = deploys.Select(d => DeployIdentity.DeployId(d.Repository, d.PrNumber, d.Target)).Append(waitingId).ToHashSet();

            var finished = await Eventually.Poll(() => store.Finished(deployIds), d => d.Count == deployIds.Count, Bound);
            var outboxLeft = await Eventually.Poll(store.OutboxLeft, n => n == 0, TimeSpan.FromSeconds(30));
            await system.Inbox.WaitFor<E2ERequested>(DownstreamQueues.E2ETest, e => deployIds.Contains(e.DeployId),
                found => found.Select(e => e.DeployId).Distinct().Count() == deployIds.Count, TimeSpan.FromSeconds(30));
            var e2eMessageIds = system.Inbox.ReceivedWithIds<E2ERequested>(DownstreamQueues.E2ETest)
                .Where(m => deployIds.Contains(m.Message.DeployId))
                .GroupBy(m => m.Message.DeployId, m => m.MessageId)
                .ToDictionary(g => g.Key, g => g.Count());

            Assert.Multiple(() =>
            {
                Assert.That(finished, Has.Count.EqualTo(deployIds.Count), "deploys that reached a final state");
                foreach (var deploy in finished)
                    Assert.That(deploy.CurrentState, Is.EqualTo("Succeeded"), $"{deploy.Repository}#{deploy.PrNumber}: {deploy.Attempt.Outcome}");
                foreach (var (prNumber, pull) in pulls)
                    Assert.That(pull.Merges, Is.EqualTo(1), $"merges of PR #{prNumber}");
                Assert.That(outboxLeft, Is.Zero, "messages left unsent in the outbox");
                Assert.That(e2eMessageIds.Keys, Is.EquivalentTo(deployIds), "deploys handed to e2e");
                foreach (var (deployId, deliveries) in e2eMessageIds)
                    Assert.That(deliveries, Is.EqualTo(1), $"E2ERequested deliveries for deploy {deployId}");
            });
        }
        catch
        {
            services.WriteOutputs();
            throw;
        }
    }

    static async Task<DateTimeOffset> DatabaseNow(EndToEndSystem system)
    {
        await using var connection = new NpgsqlConnection(system.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT clock_timestamp()", connection);
        return new DateTimeOffset((DateTime)(await command.ExecuteScalarAsync())!, TimeSpan.Zero);
    }
}
