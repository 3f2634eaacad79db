using DeployQueue.Domain.StateMachines;
using DeployQueue.Persistence;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace DeployQueue.Service.Telemetry;

/// <summary>
/// Runs what a state observer reports (a log line, a count) once the saga's change is saved: a transition retried
/// after a concurrency conflict between instances is then reported once, by the pass that committed it. On PostgreSQL
/// the saga, its history and its outbox are one SaveChanges of the DbContext the message carries; a saga kept
/// elsewhere (the embedded profile's in-memory store, which takes no conflicting passes) reports at once.
/// </summary>
public static class AfterSagaCommit
{
    public static void Run(BehaviorContext<DeployState> context, Action report)
    {
        if (!context.TryGetPayload(out DeployQueueDbContext? db))
        {
            report();
            return;
        }

        EventHandler<SavedChangesEventArgs>? handler = null;
        handler = (_, _) =>
        {
            db.SavedChanges -= handler;
            report();
        };
        db.SavedChanges += handler;
    }
}
