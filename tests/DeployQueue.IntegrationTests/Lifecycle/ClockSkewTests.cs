using DeployQueue.Contracts;
using DeployQueue.Domain.Policies;
using DeployQueue.IntegrationTests.Faults;
using DeployQueue.IntegrationTests.Infrastructure;
using DeployQueue.Service.Messaging;
using DeployQueue.Simulators.GitHub.Scripting;
using Npgsql;

namespace DeployQueue.IntegrationTests.Lifecycle;

/// <summary>
/// Issue 17, scenario 4: two instances whose clocks are 10 s apart (one runs under libfaketime, as if on a machine whose
/// clock is off) share a stream of deploys. What one instance stamps and another judges is in the database's time: a
/// timeout scheduled by the instance behind is due when its delay says by the database's clock, not 10 s early, and its
/// outbox rows are not taken for orphans by the other instance and sent twice. Every deploy ends as it should, each PR
/// merged once, each downstream message delivered with one MessageId.
/// </summary>
[TestFixture]
public class ClockSkewTests
{
    static readonly TimeSpan Skew = TimeSpan.FromSeconds(-10);
    static readonly TimeSpan MergeTimeout = TimeSpan.FromMinutes(1);
    static readonly TimeSpan GateBound = TimeSpan.FromSeconds(90);
    static readonly TimeSpan Bound = TimeSpan.FromMinutes(4);
    static readonly TimeSpan MeasurementSlack = TimeSpan.FromSeconds(1);
    const int Lanes = 10;
    const int PerLane = 10;
    const int WaitingPrNumber = 900;

    [Test]
    public async Task Instances_with_clocks_10_s_apart_agree_on_due_times_and_send_each_message_once()
    {
        await using var system = await EndToEndSystem.Create(repositories: Lanes, targets: DeployStream.Targets(Lanes));
        var stream = new DeployStream(system, PerLane, Pace.AfterPolls(2));
        var store = new SagaStore(system.Database);
        // A PR waiting for its approval on the first lane, ahead of that lane's stream: the instance behind, alone at first,
        // grants its lane and schedules its merge timeout.
        var (repository, target) = (stream.Deploys[0].Repository, stream.Deploys[0].Target);
        var waitingPull = system.GitHub.Repository(repository).PullRequest(WaitingPrNumber).Check("build", "completed", "success");
        var waitingId = DeployIdentity.DeployId(repository, WaitingPrNumber, target);
        DateTimeOffset requestedAt = default, seenAtGate = default;
        DateTimeOffset? mergeTimeoutDue = null;

        var outcome = await stream.RunOnTwoInstances(_ => Task.CompletedTask, Bound, start: async services =>
        {
            await services.Start(Skew);
            requestedAt = await DatabaseNow(system);
            await system.SendToDeployQueue(SeedTask.Json(repository, WaitingPrNumber, target));
            var atGate = await Eventually.Poll(() => store.Deploy(waitingId), d => d?.CurrentState == "AwaitingGate", GateBound);
            seenAtGate = await DatabaseNow(system);
            Assert.That(atGate?.CurrentState, Is.EqualTo("AwaitingGate"), "the waiting PR's deploy, at its approval gate");
            mergeTimeoutDue = await system.PendingScheduleDueAt(atGate!.MergeTimeoutToken!.Value);
            waitingPull.Approve("alice");
            await services.Start();
        });

        var waiting = await store.Deploy(waitingId);
        await system.Inbox.WaitFor<E2ERequested>(DownstreamQueues.E2ETest, e => e.DeployId == waitingId, found => found.Count > 0, TimeSpan.FromSeconds(30));
        var waitingE2e = system.Inbox.ReceivedWithIds<E2ERequested>(DownstreamQueues.E2ETest).Where(m => m.Message.DeployId == waitingId)
            .Select(m => m.MessageId).Distinct().Count();
        Assert.Multiple(() =>
        {
            // The lane was granted, and the timeout scheduled, between the request and the gate: a timeout after that by the
            // database's clock (10 s earlier by the clock of the instance that scheduled it).
            Assert.That(mergeTimeoutDue, Is.InRange(requestedAt + MergeTimeout - MeasurementSlack, seenAtGate + MergeTimeout + MeasurementSlack),
                "the merge timeout is due a full timeout after the lane's grant by the database's clock, not 10 s early");
            Assert.That(waiting?.CurrentState, Is.EqualTo("Succeeded"), $"the waiting PR's deploy, once approved: {waiting?.Attempt.Outcome}");
            Assert.That(waitingPull.Merges, Is.EqualTo(1), "merges of the waiting PR");
            Assert.That(waitingE2e, Is.EqualTo(1), "MessageIds of the waiting PR's E2ERequested");
            outcome.AssertNothingLostOrDuplicated("4. Clocks 10 s apart",
                "one instance of two 10 s behind (libfaketime), alone when a further PR's merge timeout was scheduled");
        });
    }

    static async Task<DateTimeOffset> DatabaseNow(EndToEndSystem system)
    {
        await using var connection = new NpgsqlConnection(system.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT clock_timestamp()", connection);
        return new DateTimeOffset((DateTime)(await command.ExecuteScalarAsync())!, TimeSpan.Zero);
    }
}
