using System.Collections.Concurrent;
using System.Reflection;
using MassTransit;
using MassTransit.Context;
using MassTransit.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DeployQueue.Persistence.Scheduling;

/// <summary>
/// Under the PostgreSQL outbox, what a consumer or saga sends to the scheduler's queue is not sent: a schedule becomes
/// its <see cref="ScheduledMessageRow"/> in the consumed message's own transaction, a cancellation the deletion of its
/// row after that transaction commits. A timeout then exists exactly when the saga state that expects it does, and costs
/// no message through the broker, no consumer and no transaction of its own.
/// </summary>
public sealed class SchedulesInTransaction(IOptions<PostgresSchedulerOptions> options)
{
    static readonly MethodInfo SerializePayloadMethod =
        typeof(SchedulesInTransaction).GetMethod(nameof(SerializePayload), BindingFlags.NonPublic | BindingFlags.Static)!;

    static readonly ConcurrentDictionary<Type, Func<object, SendContext, string[], string>> PayloadSerializers = new();

    /// <summary>
    /// True when <paramref name="context"/> is a ScheduleMessage or CancelScheduledMessage for the scheduler: then the
    /// schedule is added to <paramref name="db"/>, or the cancelled token to <paramref name="cancelled"/> (a schedule
    /// of the same transaction is simply dropped).
    /// </summary>
    public bool TryStore<T>(SendContext<T> context, DeployQueueDbContext db, ICollection<Guid> cancelled) where T : class
    {
        if (!IsSchedulerQueue(context.DestinationAddress))
            return false;

        switch (context.Message)
        {
            case ScheduleMessage schedule:
                db.ScheduledMessages.Add(ScheduledMessageRow.For(schedule,
                    Serialize(schedule.Payload, context, schedule.PayloadType),
                    context.Headers, (context.ContentType ?? context.Serialization.DefaultContentType).ToString()));
                return true;
            case CancelScheduledMessage cancel:
                var sameTransaction = db.ChangeTracker.Entries<ScheduledMessageRow>()
                    .FirstOrDefault(e => e.State == EntityState.Added && e.Entity.TokenId == cancel.TokenId);
                if (sameTransaction is not null)
                    sameTransaction.State = EntityState.Detached;
                else
                    cancelled.Add(cancel.TokenId);
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
        var context = new MessageSendContext<TPayload>((TPayload)payload)
        {
            CorrelationId = schedule.CorrelationId,
            ConversationId = schedule.ConversationId,
            InitiatorId = schedule.InitiatorId ?? schedule.MessageId,
            SourceAddress = schedule.SourceAddress,
            ResponseAddress = schedule.ResponseAddress,
            FaultAddress = schedule.FaultAddress,
            SupportedMessageTypes = payloadTypes,
        };
        return schedule.Serializer.GetMessageBody(context).GetString();
    }
}
