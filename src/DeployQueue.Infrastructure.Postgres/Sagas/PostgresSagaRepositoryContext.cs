using MassTransit;
using MassTransit.Context;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;

namespace DeployQueue.Infrastructure.Postgres.Sagas;

/// <summary>
/// One message's view of the saga table, on one DbContext. Optimistic: an instance is read without locks and
/// written with <c>WHERE xmin = &lt;read value&gt;</c>, so a concurrent update fails with
/// <see cref="DbUpdateConcurrencyException"/> and a concurrent first insert with unique violation 23505;
/// both are retried by <see cref="SagaRetryConfigurationExtensions.UsePostgresSagaRetry"/> on a fresh context.
/// The DbContext travels as a payload, so state observers add their rows to the same SaveChanges
/// (one short transaction per message). Under the transactional outbox (<c>saveWithOutbox</c>) the saga does not
/// save by itself: the outbox's SaveChanges writes its changes with the outgoing messages and the inbox mark.
/// </summary>
public sealed class PostgresSagaRepositoryContext<TSaga, TMessage> :
    ConsumeContextScope<TMessage>,
    SagaRepositoryContext<TSaga, TMessage>
    where TSaga : class, ISaga
    where TMessage : class
{
    readonly DbContext _db;
    readonly ISagaConsumeContextFactory<DbContext, TSaga> _factory;
    readonly bool _saveWithOutbox;

    public PostgresSagaRepositoryContext(DbContext db, ConsumeContext<TMessage> context,
        ISagaConsumeContextFactory<DbContext, TSaga> factory, bool saveWithOutbox)
        : base(context, db)
    {
        _db = db;
        _factory = factory;
        _saveWithOutbox = saveWithOutbox;
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

    /// <summary>
    /// Compiled once per saga type: a saga is loaded for nearly every message, and translating the query each time
    /// (as <c>FindAsync</c> does on a fresh DbContext) cost about a third of the load.
    /// </summary>
    static readonly Func<DbContext, Guid, CancellationToken, Task<TSaga?>> LoadById =
        EF.CompileAsyncQuery((DbContext db, Guid id, CancellationToken _) =>
            db.Set<TSaga>().FirstOrDefault(x => EF.Property<Guid>(x, nameof(ISaga.CorrelationId)) == id));

    public async Task<SagaConsumeContext<TSaga, TMessage>?> Load(Guid correlationId)
    {
        var instance = await LoadById(_db, correlationId, CancellationToken).ConfigureAwait(false);
        return instance == null
            ? null
            : await _factory.CreateSagaConsumeContext(_db, this, instance, SagaConsumeContextMode.Load).ConfigureAwait(false);
    }

    public Task Save(SagaConsumeContext<TSaga> context) => SaveChanges();

    public Task Update(SagaConsumeContext<TSaga> context) => SaveChanges();

    public Task Delete(SagaConsumeContext<TSaga> context)
    {
        _db.Set<TSaga>().Remove(context.Saga);
        return SaveChanges();
    }

    /// <summary>
    /// Nothing is written for this instance: forget it and any history rows with it. (Under the outbox, only the
    /// instance: what it sent still goes out with the inbox mark.)
    /// </summary>
    public Task Discard(SagaConsumeContext<TSaga> context)
    {
        Forget(context.Saga);
        return Task.CompletedTask;
    }

    public Task Undo(SagaConsumeContext<TSaga> context)
    {
        Forget(context.Saga);
        return Task.CompletedTask;
    }

    Task SaveChanges() => _saveWithOutbox ? Task.CompletedTask : _db.SaveChangesAsync(CancellationToken);

    void Forget(TSaga instance)
    {
        if (_saveWithOutbox)
            _db.Entry(instance).State = EntityState.Detached;
        else
            _db.ChangeTracker.Clear();
    }

    public Task<SagaConsumeContext<TSaga, T>> CreateSagaConsumeContext<T>(ConsumeContext<T> consumeContext, TSaga instance,
        SagaConsumeContextMode mode)
        where T : class =>
        _factory.CreateSagaConsumeContext(_db, consumeContext, instance, mode);
}
