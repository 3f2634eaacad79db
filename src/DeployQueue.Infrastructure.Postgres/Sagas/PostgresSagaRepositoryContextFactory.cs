using DeployQueue.Infrastructure.Postgres.Outbox;
using MassTransit;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;

namespace DeployQueue.Infrastructure.Postgres.Sagas;

/// <summary>
/// The saga repository for any saga instance type mapped in the application's DbContext
/// (<see cref="IMessagingDbContextFactory"/>). Every message
/// gets its own DbContext, so a retried message never sees the stale entity of the failed attempt. Under the
/// transactional outbox, that is the outbox's DbContext (<see cref="OutboxUnitOfWork"/>), which saves the saga
/// together with the messages it sends and the inbox mark.
/// </summary>
public sealed class PostgresSagaRepositoryContextFactory<TSaga>(
    IMessagingDbContextFactory dbContextFactory,
    ISagaConsumeContextFactory<DbContext, TSaga> consumeContextFactory) :
    ISagaRepositoryContextFactory<TSaga>,
    ILoadSagaRepositoryContextFactory<TSaga>,
    IQuerySagaRepositoryContextFactory<TSaga>
    where TSaga : class, ISaga
{
    public async Task Send<T>(ConsumeContext<T> context, IPipe<SagaRepositoryContext<TSaga, T>> next)
        where T : class
    {
        if (context.TryGetPayload(out OutboxUnitOfWork? unit))
        {
            await next.Send(new PostgresSagaRepositoryContext<TSaga, T>(unit.Db, context, consumeContextFactory, saveWithOutbox: true))
                .ConfigureAwait(false);
            return;
        }

        await using var db = await dbContextFactory.CreateDbContextAsync(context.CancellationToken).ConfigureAwait(false);
        await next.Send(new PostgresSagaRepositoryContext<TSaga, T>(db, context, consumeContextFactory, saveWithOutbox: false))
            .ConfigureAwait(false);
    }

    public async Task SendQuery<T>(ConsumeContext<T> context, ISagaQuery<TSaga> query, IPipe<SagaRepositoryQueryContext<TSaga, T>> next)
        where T : class
    {
        if (context.TryGetPayload(out OutboxUnitOfWork? unit))
        {
            await SendQuery(unit.Db, context, query, next, saveWithOutbox: true).ConfigureAwait(false);
            return;
        }

        await using var db = await dbContextFactory.CreateDbContextAsync(context.CancellationToken).ConfigureAwait(false);
        await SendQuery(db, context, query, next, saveWithOutbox: false).ConfigureAwait(false);
    }

    async Task SendQuery<T>(DbContext db, ConsumeContext<T> context, ISagaQuery<TSaga> query,
        IPipe<SagaRepositoryQueryContext<TSaga, T>> next, bool saveWithOutbox)
        where T : class
    {
        var instances = await db.Set<TSaga>().Where(query.FilterExpression).ToListAsync(context.CancellationToken).ConfigureAwait(false);
        var repositoryContext = new PostgresSagaRepositoryContext<TSaga, T>(db, context, consumeContextFactory, saveWithOutbox);
        await next.Send(new LoadedSagaRepositoryQueryContext<TSaga, T>(repositoryContext, instances)).ConfigureAwait(false);
    }

    public Task<T> Execute<T>(Func<LoadSagaRepositoryContext<TSaga>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class =>
        ExecuteQuery(asyncMethod, cancellationToken);

    public Task<T> Execute<T>(Func<QuerySagaRepositoryContext<TSaga>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class =>
        ExecuteQuery(asyncMethod, cancellationToken);

    public void Probe(ProbeContext context) => context.Add("persistence", "postgresql");

    async Task<T> ExecuteQuery<T>(Func<PostgresSagaQueryContext<TSaga>, Task<T>> asyncMethod, CancellationToken cancellationToken)
    {
        await using var db = await dbContextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await asyncMethod(new PostgresSagaQueryContext<TSaga>(db, cancellationToken)).ConfigureAwait(false);
    }
}
