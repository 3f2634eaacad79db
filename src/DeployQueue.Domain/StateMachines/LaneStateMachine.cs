using DeployQueue.Contracts;
using DeployQueue.Domain.Policies;
using MassTransit;

namespace DeployQueue.Domain.StateMachines;

/// <summary>
/// One lane per (repository, target): at most one deploy changes the target at a time, so a failure
/// is attributable to one PR. The lane's state lives in PostgreSQL with optimistic concurrency, so the
/// rule holds across competing instances.
///
///   Open  + LaneRequested → a ticket it knows (a deploy asking again): publish the holder's grant again. To the
///                           holder, that is its grant (which may have been lost); for a waiting ticket, a probe: a
///                           holder that finished while its release was lost answers with that release.
///                           An unknown ticket (its first request, or one lost before): grant if free, else queue
///   Open  + LaneReleased  → if the holder's ticket: free, learn the good SHA, grant the next
///                           (priority, then oldest); handed to the lane's rollback (a failed deploy's RollbackTicket):
///                           the lane's monitor holds it at once with that ticket, granted if it queued with it already
///                           (else its request with that ticket, which follows, is); else drop that ticket from the queue
///   any   + LockLane      → locked with its reason and author, announced LaneLocked (a new lane starts Open, locked);
///                           the holder goes on, the queue keeps growing, nobody is granted the lane but its own
///                           rollback (which restores the last good SHA)
///   Open  + UnlockLane    → if locked: unlocked, announced LaneUnlocked, grant the next
/// </summary>
public class LaneStateMachine : MassTransitStateMachine<LaneState>
{
    public LaneStateMachine()
    {
        InstanceState(x => x.CurrentState);

        Event(() => Requested, e => e.CorrelateById(m => m.Message.LaneId));
        Event(() => Released, e =>
        {
            e.CorrelateById(m => m.Message.LaneId);
            e.OnMissingInstance(m => m.Discard());
        });
        Event(() => LockRequested, e => e.CorrelateById(m => m.Message.LaneId));
        Event(() => UnlockRequested, e =>
        {
            e.CorrelateById(m => m.Message.LaneId);
            e.OnMissingInstance(m => m.Discard());
        });

        Initially(
            When(Requested)
                .Then(x =>
                {
                    x.Saga.Repository = x.Message.Repository;
                    x.Saga.Target = x.Message.Target;
                })
                .Then(Enqueue)
                .ThenAsync(GrantNextIfFree)
                .TransitionTo(Open),
            When(LockRequested)
                .Then(x =>
                {
                    x.Saga.Repository = x.Message.Repository;
                    x.Saga.Target = x.Message.Target;
                })
                .Then(Lock)
                .Publish(x => LockAnnouncement(x.Saga, AnnouncementKind.LaneLocked, x.Message.Author, x.Message.At))
                .TransitionTo(Open));

        During(Open,
            When(Requested, x => Knows(x.Saga, x.Message.Ticket))
                .ThenAsync(GrantHolderAgain),
            When(Requested, x => !Knows(x.Saga, x.Message.Ticket))
                .Then(Enqueue)
                .ThenAsync(GrantNextIfFree),
            When(Released)
                .ThenAsync(Release)
                .ThenAsync(GrantNextIfFree),
            When(LockRequested)
                .Then(Lock)
                .Publish(x => LockAnnouncement(x.Saga, AnnouncementKind.LaneLocked, x.Message.Author, x.Message.At)),
            When(UnlockRequested, x => x.Saga.Lock is not null)
                .Publish(x => LockAnnouncement(x.Saga, AnnouncementKind.LaneUnlocked, x.Message.Author, x.Message.At))
                .Then(x => x.Saga.Lock = null)
                .ThenAsync(GrantNextIfFree));

        // Unlocking a lane that is not locked changes nothing and says nothing.
        OnUnhandledEvent(x => x.Ignore());
    }

    public State Open { get; private set; } = null!;

    public Event<LaneRequested> Requested { get; private set; } = null!;
    public Event<LaneReleased> Released { get; private set; } = null!;
    public Event<LockLane> LockRequested { get; private set; } = null!;
    public Event<UnlockLane> UnlockRequested { get; private set; } = null!;

    static void Lock(BehaviorContext<LaneState, LockLane> context) =>
        context.Saga.Lock = new LaneLock(context.Message.Reason, context.Message.Author, context.Message.At);

    static Announcement LockAnnouncement(LaneState lane, AnnouncementKind kind, string author, DateTimeOffset at) => new()
    {
        Kind = kind,
        Message = kind == AnnouncementKind.LaneLocked
            ? $"{lane.Repository} → {lane.Target} locked by {author}: {lane.Lock!.Reason}; deploys queue but none starts until it is unlocked"
            : $"{lane.Repository} → {lane.Target} unlocked by {author} (locked by {lane.Lock!.Author}: {lane.Lock.Reason})",
        Repository = lane.Repository,
        Target = lane.Target,
        At = at,
    };

    static void Enqueue(BehaviorContext<LaneState, LaneRequested> context)
    {
        var lane = context.Saga;
        var request = context.Message;

        // A newer ticket from the holder means its old ticket's release is still on its way (or lost): the new one supersedes it.
        if (lane.Holder?.DeployId == request.DeployId)
            lane.Holder = null;
        lane.Waiting.RemoveAll(w => w.DeployId == request.DeployId);
        lane.Waiting.Add(new LaneTicket(request.DeployId, request.Ticket, request.Priority, request.QueuedAt));
    }

    static bool Knows(LaneState lane, Guid ticket) => lane.Holder?.Ticket == ticket || lane.Waiting.Any(w => w.Ticket == ticket);

    static Task GrantHolderAgain(BehaviorContext<LaneState, LaneRequested> context) =>
        context.Saga.Holder is { } holder ? Grant(context, holder) : Task.CompletedTask;

    static async Task Release(BehaviorContext<LaneState, LaneReleased> context)
    {
        var lane = context.Saga;
        var release = context.Message;
        if (lane.Holder?.Ticket != release.Ticket)
        {
            lane.Waiting.RemoveAll(w => w.Ticket == release.Ticket);
            return;
        }
        lane.Holder = null;
        if (release.SucceededSha is not null)
            lane.LastKnownGoodSha = release.SucceededSha;
        if (release.RollbackTicket is { } rollback)
        {
            // The monitor may have queued with that ticket already: its place becomes the lane, granted. Otherwise the monitor
            // has not taken the release over yet, and would give back a grant of a ticket it does not know: its request, which
            // comes with the take-over, is answered with the grant instead (a ticket the lane knows).
            var queued = lane.Waiting.RemoveAll(w => w.Ticket == rollback) > 0;
            lane.Holder = new LaneTicket(lane.CorrelationId, rollback, TaskPriority.Critical, DateTimeOffset.UtcNow);
            if (queued)
                await Grant(context, lane.Holder);
        }
    }

    static async Task GrantNextIfFree<T>(BehaviorContext<LaneState, T> context) where T : class
    {
        var lane = context.Saga;
        if (lane.Holder is not null)
            return;

        // The lane's own rollback (its monitor queues under the lane's id) restores the last good SHA: a lock does not stop it.
        var next = LaneOrder.Of(lane.Waiting).FirstOrDefault(t => lane.Lock is null || t.DeployId == lane.CorrelationId);
        if (next is null)
            return;
        lane.Waiting.Remove(next);
        lane.Holder = next;
        await Grant(context, next);
    }

    static Task Grant<T>(BehaviorContext<LaneState, T> context, LaneTicket holder) where T : class =>
        context.Publish(new LaneGranted(context.Saga.CorrelationId, holder.DeployId, holder.Ticket, context.Saga.LastKnownGoodSha));
}
