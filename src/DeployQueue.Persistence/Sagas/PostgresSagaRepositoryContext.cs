using MassTransit;
using MassTransit.Context;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;

namespace DeployQueue.Persistence.Sagas;

/// <summary>
/// One message's view of the saga table, on one DbContext. Optimistic: an instance is read without locks and
/// written with <c>WHERE xmin = &lt;read value&gt;</c>, so a concurrent update fails with
/// <see cref="DbUpdateConcurrencyException"/> and a concurrent first insert with unique violation 23505;
/// both are retried by <see cref="SagaRetryConfigurationExtensions.UseDeployQueueSagaRetry"/> on a fresh context.
/// The DbContext travels as a payload, so state observers add their rows to the same SaveChanges
/// (one short transaction per message).
/// </summary>
public sealed class PostgresSagaRepositoryContext<TSaga, TMessage> :
    ConsumeContextScope<TMessage>,
    SagaRepositoryContext<TSaga, TMessage>
    where TSaga : class, ISaga
    where TMessage : class
{
    readonly DeployQueueDbContext _db;
    readonly ISagaConsumeContextFactory<DeployQueueDbContext, TSaga> _factory;

    public PostgresSagaRepositoryContext(DeployQueueDbContext db, ConsumeContext<TMessage> context,
        ISagaConsumeContextFactory<DeployQueueDbContext, TSaga> factory)
        : base(context, db)
    {
        _db = db;
        _factory = factory;
    }

    public Task<SagaConsumeContext<TSaga, TMessage>> Add(TSaga instance)
    {
        _db.Set<TSaga>().Add(instance);
        return _factory.CreateSagaConsumeContext(_db, this, instance, SagaConsumeContextMode.Add);
    }

    public async Task<SagaConsumeContext<TSaga, TMessage>?> Insert(TSaga instance)
    {
        _db.Set<TSaga>().Add(instance);
        try
        {
            await _db.SaveChangesAsync(CancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException exception) when (SagaConflicts.IsDuplicateKey(exception))
        {
            // Another message created it first: the caller loads that one instead.
            _db.ChangeTracker.Clear();
            return null;
        }

        return await _factory.CreateSagaConsumeContext(_db, this, instance, SagaConsumeContextMode.Insert).ConfigureAwait(false);
    }

    public async Task<SagaConsumeContext<TSaga, TMessage>?> Load(Guid correlationId)
    {
        var instance = await _db.Set<TSaga>().FindAsync([correlationId], CancellationToken).ConfigureAwait(false);
        return instance == null
            ? null
            : await _factory.CreateSagaConsumeContext(_db, this, instance, SagaConsumeContextMode.Load).ConfigureAwait(false);
    }

    public Task Save(SagaConsumeContext<TSaga> context) => _db.SaveChangesAsync(CancellationToken);

    public Task Update(SagaConsumeContext<TSaga> context) => _db.SaveChangesAsync(CancellationToken);

    public Task Delete(SagaConsumeContext<TSaga> context)
    {
        _db.Set<TSaga>().Remove(context.Saga);
        return _db.SaveChangesAsync(CancellationToken);
    }

    /// <summary>Nothing was written for this message: forget the instance and any history rows with it.</summary>
    public Task Discard(SagaConsumeContext<TSaga> context)
    {
        _db.ChangeTracker.Clear();
        return Task.CompletedTask;
    }

    public Task Undo(SagaConsumeContext<TSaga> context)
    {
        _db.ChangeTracker.Clear();
        return Task.CompletedTask;
    }

    public Task<SagaConsumeContext<TSaga, T>> CreateSagaConsumeContext<T>(ConsumeContext<T> consumeContext, TSaga instance,
        SagaConsumeContextMode mode)
        where T : class =>
        _factory.CreateSagaConsumeContext(_db, consumeContext, instance, mode);
}
