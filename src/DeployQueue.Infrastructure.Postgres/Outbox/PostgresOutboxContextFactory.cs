using System.Data;
using DeployQueue.Infrastructure.Postgres.Clock;
using MassTransit;
using MassTransit.Middleware;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DeployQueue.Infrastructure.Postgres.Outbox;

/// <summary>
/// The transactional inbox/outbox on PostgreSQL, for <see cref="OutboxConsumeFilter{TContext,TMessage}"/>. A consumed
/// message goes through up to three passes of MassTransit's <see cref="OutboxMessagePipe{TMessage}"/>, each on a
/// fresh DbContext:
/// <list type="number">
/// <item>consume: unless its inbox row says it was consumed already, the consumer (or saga) runs; what it sends is
/// added as outbox rows, and one SaveChanges commits the saga, its history, the outbox rows and the inbox row
/// together. No transaction is held while the consumer runs (it may call GitHub for seconds). A saga's first
/// attempt skips the lookup: the commit finds the inbox row of a duplicate (<see cref="SagaOutbox"/>).</item>
/// <item>deliver: send the rows just committed, from memory, with their MessageIds, then delete them, with the sent
/// rows of other messages (<see cref="AfterCommitDeletes"/>). No lock is needed: the <see cref="OutboxDeliveryService"/> leaves rows alone until they are
/// <see cref="PostgresOutboxOptions.OrphanAge"/> old, and this pass starts within half of that after the commit
/// (later, it locks them as a redelivery does). Dying before the delete leaves the rows: the redelivered message
/// (in a short transaction, locking this message's rows <c>FOR UPDATE SKIP LOCKED</c>, sending and deleting them), or
/// the <see cref="OutboxDeliveryService"/> of any instance, sends them again with the same MessageIds.</item>
/// <item>done: the message is acknowledged as consumed (a redelivered duplicate too).</item>
/// </list>
/// Any failure throws to the endpoint's retry, which starts over on a new scope; so does a delivery that has not finished
/// within <see cref="PostgresOutboxOptions.SendTimeout"/>.
/// </summary>
public sealed class PostgresOutboxContextFactory(
    IMessagingDbContextFactory dbContextFactory,
    IServiceProvider provider,
    IOptions<PostgresOutboxOptions> settings,
    DatabaseClock clock,
    AfterCommitDeletes afterCommitDeletes,
    IEnumerable<ITransactionalSendStore> stores) : IOutboxContextFactory<DbContext>, IOutboxContextFactory<SagaOutbox>
{
    /// <summary>A consumer: its inbox row is looked up before it runs.</summary>
    public Task Send<T>(ConsumeContext<T> context, OutboxConsumeOptions options, IPipe<OutboxConsumeContext<T>> next)
        where T : class =>
        Send(context, options, next, checkInboxFirst: true);

    /// <summary>
    /// A saga (<see cref="SagaOutbox"/>): its inbox row is looked up only for a retry or a redelivery; otherwise the
    /// commit finds it, if it exists, and rolls the duplicate back.
    /// </summary>
    Task IOutboxContextFactory<SagaOutbox>.Send<T>(ConsumeContext<T> context, OutboxConsumeOptions options, IPipe<OutboxConsumeContext<T>> next) =>
        Send(context, options, next,
            checkInboxFirst: context.ReceiveContext.Redelivered || context.GetRetryAttempt() > 0 || context.GetRedeliveryCount() > 0);

    async Task Send<T>(ConsumeContext<T> context, OutboxConsumeOptions options, IPipe<OutboxConsumeContext<T>> next, bool checkInboxFirst)
        where T : class
    {
        var messageId = context.GetOriginalMessageId();
        var inbox = new InboxEntry(messageId ?? NewId.NextGuid(), recorded: messageId.HasValue);
        if (messageId is { } id && checkInboxFirst)
        {
            await using var db = await dbContextFactory.CreateDbContextAsync(context.CancellationToken).ConfigureAwait(false);
            inbox.Consumed = await db.Set<InboxState>().AnyAsync(x => x.MessageId == id && x.ConsumerId == options.ConsumerId, context.CancellationToken)
                .ConfigureAwait(false);
        }

        var continueProcessing = true;
        while (continueProcessing)
        {
            await using var db = await dbContextFactory.CreateDbContextAsync(context.CancellationToken).ConfigureAwait(false);
            var outboxContext = new PostgresOutboxConsumeContext<T>(context, options, provider, db, inbox, clock, afterCommitDeletes, stores)
            {
                DeliverCommittedRows = !inbox.Delivered && inbox.Committed is { } committed
                    && clock.GetUtcNow() - committed.At < settings.Value.OrphanAge / 2,
            };
            if (!inbox.Consumed)
                await next.Send(outboxContext).ConfigureAwait(false);
            else if (outboxContext.DeliverCommittedRows)
            {
                await Deliver(next, outboxContext, context.CancellationToken).ConfigureAwait(false);
                await outboxContext.DeleteDelivered().ConfigureAwait(false);
            }
            else if (!inbox.Delivered)
            {
                await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.ReadCommitted, context.CancellationToken)
                    .ConfigureAwait(false);
                await Deliver(next, outboxContext, context.CancellationToken).ConfigureAwait(false);
                await outboxContext.DeleteDelivered().ConfigureAwait(false);
                await transaction.CommitAsync(context.CancellationToken).ConfigureAwait(false);
            }
            else
                await next.Send(outboxContext).ConfigureAwait(false);

            continueProcessing = outboxContext.ContinueProcessing;
        }
    }

    /// <summary>
    /// A pass that sends rows, bounded (<see cref="PostgresOutboxOptions.SendTimeout"/>): one that waits for ever would hold
    /// the consumed message, and on a redelivery the rows it locked, which no other instance could then send. Past the bound
    /// the endpoint's retry (or the broker's redelivery) starts over, and sends the rows again with their MessageIds.
    /// </summary>
    Task Deliver<T>(IPipe<OutboxConsumeContext<T>> next, OutboxConsumeContext<T> outboxContext, CancellationToken cancellationToken)
        where T : class =>
        next.Send(outboxContext).Within(settings.Value.SendTimeout, cancellationToken);

    public void Probe(ProbeContext context) => context.CreateFilterScope("outboxContextFactory").Add("provider", "postgresql");
}
