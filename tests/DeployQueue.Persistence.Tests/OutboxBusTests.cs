using DeployQueue.Persistence.Tests.Infrastructure;
using DeployQueue.Persistence.Tests.TestStateMachines;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DeployQueue.Persistence.Tests;

/// <summary>
/// The transactional inbox/outbox: what a saga sends commits with its state and leaves after the commit, once per
/// MessageId, even when the instance that committed it never got to send; a message delivered again changes nothing.
/// </summary>
[TestFixture]
public class OutboxBusTests : FreshStoresFixture
{
    const int Echoes = 5;

    [Test]
    public async Task Messages_committed_by_an_instance_that_could_not_send_them_are_sent_once_each_by_another()
    {
        var id = Guid.NewGuid();
        var stranded = await StrandEchoes(id);

        var received = new ReceivedEchoes();
        await using var successor = await ServiceInstance.Start(Database, VirtualHost, configureBus: x =>
        {
            x.AddSingleton(received);
            x.AddConsumer<ProbeEchoConsumer>();
        });

        await Eventually.Until(() => successor.Deploy(id), d => d!.CurrentState == "TimedOut", Bound,
            "the timeout committed with the saga fired");
        await Eventually.Until(() => successor.Query(db => db.OutboxMessages.CountAsync()), n => n == 0, Bound, "the outbox is empty");
        var delivered = await Eventually.Until(() => Task.FromResult(received.Of(id)), r => r.Count >= Echoes, Bound, "every echo arrived");

        Assert.Multiple(() =>
        {
            Assert.That(delivered.Select(r => r.MessageId), Is.Unique, "no echo twice");
            Assert.That(delivered.Select(r => r.MessageId), Is.SubsetOf(stranded), "sent with the MessageIds they were committed with");
            Assert.That(delivered.Select(r => r.Echo.Index), Is.EquivalentTo(Enumerable.Range(0, Echoes)));
        });
    }

    [Test]
    public async Task Stranded_messages_whose_first_send_never_returns_are_all_sent()
    {
        var id = Guid.NewGuid();
        var stranded = await StrandEchoes(id);

        // The delivery service's first send never returns (a publisher confirm lost with the broker's connection): its pass
        // holds every stranded row locked against every instance until it gives that send up.
        var hang = new FirstStoredSendHangs(nameof(ProbeEcho));
        var received = new ReceivedEchoes();
        await using var successor = await ServiceInstance.Start(Database, VirtualHost, configureBus: x =>
        {
            x.AddSingleton(received);
            x.AddConsumer<ProbeEchoConsumer>();
        }, configureTransport: cfg => cfg.ConfigureSend(s => s.UseFilter(hang)));
        await hang.Hung.WaitAsync(Bound);

        var delivered = await Eventually.Poll(() => Task.FromResult(received.Of(id)), r => r.Count >= Echoes, Bound);
        Assert.Multiple(async () =>
        {
            Assert.That(delivered.Select(r => r.Echo.Index), Is.EquivalentTo(Enumerable.Range(0, Echoes)), "every echo arrived");
            Assert.That(delivered.Select(r => r.MessageId), Is.SubsetOf(stranded), "sent with the MessageIds they were committed with");
            Assert.That(await Eventually.Poll(() => successor.Query(db => db.OutboxMessages.CountAsync()), n => n == 0, Bound), Is.Zero,
                "the outbox is empty");
        });
    }

    /// <summary>
    /// Fans out <see cref="Echoes"/> echoes and a timeout from saga <paramref name="id"/> on an instance that commits and then
    /// fails to send (the message goes to the error queue, never to be redelivered), and never sweeps its outbox: as if it
    /// died right after its commit. Returns the echoes' MessageIds.
    /// </summary>
    async Task<List<Guid>> StrandEchoes(Guid id)
    {
        await using var doomed = await ServiceInstance.Start(Database, VirtualHost, configureOutbox: o => o.OrphanAge = TimeSpan.FromHours(1));
        await doomed.Send(new ProbeStarted(id, "acme/outbox", 21, "staging"));
        await Eventually.Until(() => doomed.Deploy(id), d => d != null, Bound, "the saga exists");
        await doomed.Send(new ProbeFannedOut(id, Echoes, TimeSpan.FromSeconds(1), FailFirstDelivery: true));

        var stranded = await Eventually.Until(
            () => doomed.Query(db => db.OutboxMessages.AsNoTracking().Select(m => m.MessageId).ToListAsync()),
            ids => ids.Count == Echoes, Bound, "the echoes committed, unsent");
        Assert.That((await doomed.Deploy(id))!.Attempt.Number, Is.EqualTo(2), "the saga's change committed with them");
        Assert.That(await doomed.Query(db => db.ScheduledMessages.CountAsync()), Is.EqualTo(1), "and the timeout, as a scheduled row");
        return stranded;
    }

    [Test]
    public async Task A_message_delivered_again_after_its_effects_committed_changes_nothing()
    {
        var id = Guid.NewGuid();
        var received = new ReceivedEchoes();
        await using var instance = await ServiceInstance.Start(Database, VirtualHost, configureBus: x =>
        {
            x.AddSingleton(received);
            x.AddConsumer<ProbeEchoConsumer>();
        });
        await instance.Send(new ProbeStarted(id, "acme/inbox", 22, "staging"));
        await Eventually.Until(() => instance.Deploy(id), d => d != null, Bound, "the saga exists");

        var messageId = NewId.NextGuid();
        var fanOut = new ProbeFannedOut(id, 3, TimeSpan.FromHours(1));
        await instance.Send(fanOut, messageId);
        await Eventually.Until(() => Task.FromResult(received.Of(id).Count), n => n == 3, Bound, "the echoes arrived");
        await Eventually.Until(() => instance.Query(db => db.ScheduledMessages.CountAsync()), n => n == 1, Bound, "the timeout is scheduled");

        var redelivery = new ReceiveCompletion(messageId);
        using (instance.Services.GetRequiredService<IBus>().ConnectReceiveObserver(redelivery))
        {
            await instance.Send(fanOut, messageId);
            var consumed = await redelivery.Completed.WaitAsync(Bound);
            Assert.That(consumed, Is.True, "acknowledged as consumed, not skipped nor faulted");
        }

        Assert.Multiple(async () =>
        {
            Assert.That((await instance.Deploy(id))!.Attempt.Number, Is.EqualTo(2), "the saga saw it once");
            Assert.That(await instance.Query(db => db.OutboxMessages.CountAsync()), Is.Zero, "it sent nothing");
            Assert.That(await instance.Query(db => db.InboxStates.CountAsync(x => x.MessageId == messageId)), Is.EqualTo(1));
            Assert.That(received.Of(id), Has.Count.EqualTo(3));
        });
    }

    [Test]
    public async Task Inbox_rows_past_their_retention_are_forgotten()
    {
        var id = Guid.NewGuid();
        await using var instance = await ServiceInstance.Start(Database, VirtualHost, configureOutbox: o =>
        {
            o.InboxRetention = TimeSpan.FromSeconds(2);
            o.InboxCleanupInterval = TimeSpan.FromMilliseconds(100);
        });
        await instance.Send(new ProbeStarted(id, "acme/retention", 23, "staging"));
        await Eventually.Until(() => instance.Deploy(id), d => d != null, Bound, "the saga exists");
        Assert.That(await instance.Query(db => db.InboxStates.CountAsync()), Is.EqualTo(1), "recorded with the saga");

        var left = await Eventually.Until(() => instance.Query(db => db.InboxStates.CountAsync()), n => n == 0, Bound, "the inbox is emptied");
        Assert.That(left, Is.Zero);
    }

    /// <summary>Completes when the message with the given id finished its receive: true if something consumed it.</summary>
    sealed class ReceiveCompletion(Guid messageId) : IReceiveObserver
    {
        readonly TaskCompletionSource<bool> _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<bool> Completed => _completed.Task;

        public Task PreReceive(ReceiveContext context) => Task.CompletedTask;

        public Task PostReceive(ReceiveContext context)
        {
            if (context.GetMessageId() == messageId)
                _completed.TrySetResult(context.IsDelivered && !context.IsFaulted);
            return Task.CompletedTask;
        }

        public Task PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType) where T : class => Task.CompletedTask;

        public Task ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception) where T : class =>
            Task.CompletedTask;

        public Task ReceiveFault(ReceiveContext context, Exception exception)
        {
            if (context.GetMessageId() == messageId)
                _completed.TrySetResult(false);
            return Task.CompletedTask;
        }
    }
}
