using System.Collections.Concurrent;
using System.Reflection;
using DeployQueue.Infrastructure.Postgres.Clock;
using DeployQueue.Infrastructure.Postgres.Outbox;
using MassTransit;
using MassTransit.Context;
using MassTransit.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DeployQueue.Infrastructure.Postgres.Scheduling;

/// <summary>
/// Under the PostgreSQL outbox, what a consumer or saga sends to the scheduler's queue is not sent: a schedule becomes
/// its <see cref="ScheduledMessageRow"/> in the consumed message's own transaction, a cancellation the deletion of its
/// row after that transaction commits. A timeout then exists exactly when the saga state that expects it does, and costs
/// no message through the broker, no consumer and no transaction of its own. A cancelled schedule whose delete is lost
/// with its process fires later with a token its saga no longer holds: ignored. For the same reason, a cancelled schedule
/// the poller is sending at that moment (its row locked) is skipped rather than waited for.
/// </summary>
public sealed class SchedulesInTransaction(IOptions<PostgresSchedulerOptions> options, DatabaseClock clock) : ITransactionalSendStore
{
    static readonly MethodInfo SerializePayloadMethod =
        typeof(SchedulesInTransaction).GetMethod(nameof(SerializePayload), BindingFlags.NonPublic | BindingFlags.Static)!;

    static readonly ConcurrentDictionary<Type, Func<object, SendContext, string[], string>> PayloadSerializers = new();

    readonly CancelledSchedules _cancelled = new();

    public ITransactionalSends Begin(DbContext db) => new Pass(this, db);

    public IAfterCommitDelete AfterCommit => _cancelled;

    /// <summary>
    /// True when <paramref name="context"/> is a ScheduleMessage or CancelScheduledMessage for the scheduler: then the
    /// schedule is added to <paramref name="db"/>, or the cancelled token to <paramref name="pass"/> (a schedule of the
    /// same transaction is simply dropped).
    /// </summary>
    bool TryStore<T>(SendContext<T> context, DbContext db, Pass pass) where T : class
    {
        if (!IsSchedulerQueue(context.DestinationAddress))
            return false;

        switch (context.Message)
        {
            case ScheduleMessage schedule:
                var row = ScheduledMessageRow.For(schedule, Serialize(schedule.Payload, context, schedule.PayloadType),
                    context.Headers, (context.ContentType ?? context.Serialization.DefaultContentType).ToString(), clock);
                db.Set<ScheduledMessageRow>().Add(row);
                pass.Added.Add(row);
                return true;
            case CancelScheduledMessage cancel:
                if (pass.Added.Find(r => r.TokenId == cancel.TokenId) is { } sameTransaction)
                {
                    db.Entry(sameTransaction).State = EntityState.Detached;
                    pass.Added.Remove(sameTransaction);
                }
                else
                    pass.Cancelled.Add(cancel.TokenId);
                return true;
            default:
                return false;
        }
    }

    bool IsSchedulerQueue(Uri? address) =>
        address is not null && address.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries) is [.., var name]
                            && name == options.Value.QueueName;

    /// <summary>The payload as a complete envelope carrying the ids of the conversation that scheduled it.</summary>
    static string Serialize(object payload, SendContext schedule, string[] payloadTypes) =>
        PayloadSerializers.GetOrAdd(payload.GetType(), type =>
                SerializePayloadMethod.MakeGenericMethod(type).CreateDelegate<Func<object, SendContext, string[], string>>())
            (payload, schedule, payloadTypes);

    static string SerializePayload<TPayload>(object payload, SendContext schedule, string[] payloadTypes) where TPayload : class
    {
        var context = SchedulingConversation.Of(schedule).Join(new MessageSendContext<TPayload>((TPayload)payload));
        context.SupportedMessageTypes = payloadTypes;
        return schedule.Serializer.GetMessageBody(context).GetString();
    }

    /// <summary>The schedules one consumed message's transaction adds, and the earlier ones it cancels.</summary>
    sealed class Pass(SchedulesInTransaction store, DbContext db) : ITransactionalSends
    {
        public List<ScheduledMessageRow> Added { get; } = [];
        public List<Guid> Cancelled { get; } = [];

        public bool TryStore<T>(SendContext<T> context) where T : class => store.TryStore(context, db, this);

        public bool Committed()
        {
            store._cancelled.Queue(Cancelled);
            return Cancelled.Count > 0;
        }
    }
}
