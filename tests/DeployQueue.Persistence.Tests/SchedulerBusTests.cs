using DeployQueue.Persistence.Tests.Infrastructure;
using DeployQueue.Persistence.Tests.TestStateMachines;
using MassTransit;
using MassTransit.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

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
        // The poller deletes the row in the transaction it sent it in, which may commit after the saga consumed the message.
        var left = await Eventually.Poll(() => second.Query(db => db.ScheduledMessages.CountAsync()), n => n == 0, Bound);
        Assert.Multiple(() =>
        {
            Assert.That(timedOut!.CurrentState, Is.EqualTo("TimedOut"));
            Assert.That(left, Is.Zero, "a sent message is deleted");
        });
    }

    [Test]
    public async Task A_due_message_whose_send_never_returns_holds_back_none_of_the_others()
    {
        // The first due message this instance sends never returns (a publisher confirm lost with the broker's connection). Its
        // pass has claimed the others due with it, locked against every instance: it must give them up.
        var hang = new FirstStoredSendHangs(ServiceInstance.SagaQueue);
        await using var instance = await ServiceInstance.Start(Database, VirtualHost, configureTransport: cfg => cfg.ConfigureSend(s => s.UseFilter(hang)));
        var ids = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid()).ToList();
        for (var i = 0; i < ids.Count; i++)
            await instance.Send(new ProbeStarted(ids[i], "acme/shop", 30 + i, "staging"));
        await Eventually.Until(() => instance.Query(db => db.Deploys.CountAsync()), n => n == ids.Count, Bound, "the sagas exist");

        // Due within moments of each other: one pass claims them together.
        foreach (var id in ids)
            await instance.Send(new ProbeTimeoutArmed(id, TimeSpan.FromSeconds(2)));
        await hang.Hung.WaitAsync(Bound);

        var timedOut = await Eventually.Poll(() => instance.Query(db => db.Deploys.CountAsync(d => d.CurrentState == "TimedOut")),
            n => n == ids.Count, Bound);
        Assert.That(timedOut, Is.EqualTo(ids.Count), "every timeout fired, the one whose first send hung included");
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
            Assert.That(row, Is.Null, "the cancelled schedule is deleted");
        });
    }

    [Test]
    public async Task A_schedule_and_its_cancel_commit_with_the_saga_without_a_message_to_the_scheduler()
    {
        await using var instance = await ServiceInstance.Start(Database, VirtualHost);
        var schedulerMessages = new ConsumedCount();
        var bus = instance.Services.GetRequiredService<IBus>();
        using var schedules = bus.ConnectConsumeMessageObserver<ScheduleMessage>(schedulerMessages);
        using var cancels = bus.ConnectConsumeMessageObserver<CancelScheduledMessage>(schedulerMessages);
        var id = Guid.NewGuid();
        await instance.Send(new ProbeStarted(id, "acme/shop", 14, "staging"));
        await Eventually.Until(() => instance.Deploy(id), d => d != null, Bound, "the saga exists");

        await instance.Send(new ProbeTimeoutArmed(id, TimeSpan.FromHours(1)));
        var armed = await Eventually.Until(() => instance.Deploy(id), d => d!.MergeTimeoutToken != null, Bound, "the timeout is scheduled");
        var stored = await instance.Query(db => db.ScheduledMessages.AsNoTracking().SingleOrDefaultAsync(x => x.TokenId == armed!.MergeTimeoutToken));
        await instance.Send(new ProbeTimeoutDisarmed(id));
        await Eventually.Until(() => instance.Deploy(id), d => d!.MergeTimeoutToken == null, Bound, "the timeout is unscheduled");
        await Eventually.Until(() => instance.Query(db => db.ScheduledMessages.CountAsync()), n => n == 0, Bound, "the cancelled schedule is deleted");

        Assert.Multiple(() =>
        {
            Assert.That(stored, Is.Not.Null, "the row was there as soon as the saga that armed it was saved");
            Assert.That(stored!.DueAt, Is.EqualTo(DateTimeOffset.UtcNow.AddHours(1)).Within(TimeSpan.FromMinutes(1)));
            Assert.That(schedulerMessages.Count, Is.Zero, "nothing went through the scheduler's queue");
        });
    }

    [Test]
    public async Task A_message_scheduled_through_the_scheduler_queue_is_sent_when_due()
    {
        await using var instance = await ServiceInstance.Start(Database, VirtualHost);
        var id = Guid.NewGuid();
        await instance.Send(new ProbeStarted(id, "acme/shop", 15, "staging"));
        await Eventually.Until(() => instance.Deploy(id), d => d != null, Bound, "the saga exists");

        // From outside any consumer (no outbox): MassTransit's own path, a ScheduleMessage to the scheduler's queue.
        var scheduler = instance.Services.GetRequiredService<IMessageScheduler>();
        await scheduler.ScheduleSend(new Uri($"queue:{ServiceInstance.SagaQueue}"), DateTime.UtcNow.AddSeconds(1), new ProbeAdvanced(id));

        var advanced = await Eventually.Until(() => instance.Deploy(id), d => d!.CurrentState == "Merging", Bound, "the scheduled message arrived");
        Assert.That(advanced!.CurrentState, Is.EqualTo("Merging"));
    }

    sealed class ConsumedCount : IConsumeMessageObserver<ScheduleMessage>, IConsumeMessageObserver<CancelScheduledMessage>
    {
        int _count;

        public int Count => Volatile.Read(ref _count);

        public Task PreConsume(ConsumeContext<ScheduleMessage> context) => Counted();
        public Task PostConsume(ConsumeContext<ScheduleMessage> context) => Task.CompletedTask;
        public Task ConsumeFault(ConsumeContext<ScheduleMessage> context, Exception exception) => Task.CompletedTask;
        public Task PreConsume(ConsumeContext<CancelScheduledMessage> context) => Counted();
        public Task PostConsume(ConsumeContext<CancelScheduledMessage> context) => Task.CompletedTask;
        public Task ConsumeFault(ConsumeContext<CancelScheduledMessage> context, Exception exception) => Task.CompletedTask;

        Task Counted()
        {
            Interlocked.Increment(ref _count);
            return Task.CompletedTask;
        }
    }
}
