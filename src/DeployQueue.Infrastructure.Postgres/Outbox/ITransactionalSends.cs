using MassTransit;

namespace DeployQueue.Infrastructure.Postgres.Outbox;

/// <summary>One pass's sends to an <see cref="ITransactionalSendStore"/>.</summary>
public interface ITransactionalSends
{
    /// <summary>True when the message is kept by the store, in the pass's DbContext: it becomes no outbox row.</summary>
    bool TryStore<T>(SendContext<T> context) where T : class;

    /// <summary>The pass's transaction committed: queues the rows it made obsolete. True when it queued any.</summary>
    bool Committed();
}
