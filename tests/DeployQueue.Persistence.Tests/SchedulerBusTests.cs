using DeployQueue.Persistence.Tests.Infrastructure;
using DeployQueue.Persistence.Tests.TestStateMachines;
using Microsoft.EntityFrameworkCore;

namespace DeployQueue.Persistence.Tests;

/// <summary>The PostgreSQL scheduler behind a state machine's Schedule / Unschedule, across instances and restarts.</summary>
[TestFixture]
public class SchedulerBusTests : FreshStoresFixture
{
    [Test]
    public async Task A_timeout_scheduled_by_a_stopped_instance_fires_on_its_successor()
    {
        var id = Guid.NewGuid();
        await using (var first = await ServiceInstance.Start(Database, VirtualHost))
        {
            await first.Send(new ProbeStarted(id, "acme/shop", 11, "staging"));
            await Eventually.Until(() => first.Deploy(id), d => d != null, Bound, "the saga exists");
            await first.Send(new ProbeTimeoutArmed(id, TimeSpan.FromSeconds(4)));
            await Eventually.Until(() => first.Query(db => db.ScheduledMessages.CountAsync()), n => n == 1, Bound, "the timeout is stored");
            await first.Stop();
            var deploy = await first.Deploy(id);
            Assert.That(deploy!.CurrentState, Is.EqualTo("Claimed"), "the timeout fired before the instance stopped: the test proves nothing");
        }

        await using var second = await ServiceInstance.Start(Database, VirtualHost);
        var timedOut = await Eventually.Until(() => second.Deploy(id), d => d!.CurrentState == "TimedOut", Bound, "the timeout fires");
        Assert.Multiple(async () =>
        {
            Assert.That(timedOut!.CurrentState, Is.EqualTo("TimedOut"));
            Assert.That(await second.Query(db => db.ScheduledMessages.CountAsync()), Is.Zero, "a sent message is deleted");
        });
    }

    [Test]
    public async Task A_cancelled_schedule_never_fires()
    {
        await using var instance = await ServiceInstance.Start(Database, VirtualHost);
        var cancelled = Guid.NewGuid();
        var control = Guid.NewGuid();
        await instance.Send(new ProbeStarted(cancelled, "acme/shop", 12, "staging"));
        await instance.Send(new ProbeStarted(control, "acme/shop", 13, "staging"));
        await Eventually.Until(() => instance.Query(db => db.Deploys.CountAsync()), n => n == 2, Bound, "both sagas exist");

        await instance.Send(new ProbeTimeoutArmed(cancelled, TimeSpan.FromSeconds(1)));
        var scheduled = await Eventually.Until(() => instance.Deploy(cancelled), d => d!.MergeTimeoutToken != null, Bound, "the timeout is scheduled");
        var token = scheduled!.MergeTimeoutToken!.Value;
        await instance.Send(new ProbeTimeoutDisarmed(cancelled));
        await Eventually.Until(() => instance.Deploy(cancelled), d => d!.MergeTimeoutToken == null, Bound, "the timeout is unscheduled");
        // Due after the cancelled one: once it has fired, the cancelled one would have fired too.
        await instance.Send(new ProbeTimeoutArmed(control, TimeSpan.FromSeconds(2)));

        await Eventually.Until(() => instance.Deploy(control), d => d!.CurrentState == "TimedOut", Bound, "the control timeout fires");
        var deploy = await instance.Deploy(cancelled);
        var row = await instance.Query(db => db.ScheduledMessages.AsNoTracking().SingleOrDefaultAsync(x => x.TokenId == token));
        Assert.Multiple(() =>
        {
            Assert.That(deploy!.CurrentState, Is.EqualTo("Claimed"));
            // A sent row is deleted; the cancelled one stays, unsent, as a tombstone.
            Assert.That(row?.CancelledAt, Is.Not.Null);
        });
    }
}
