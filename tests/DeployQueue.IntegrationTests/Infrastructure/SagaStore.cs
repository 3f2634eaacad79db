using DeployQueue.Domain.StateMachines;
using DeployQueue.Persistence;
using Microsoft.EntityFrameworkCore;

namespace DeployQueue.IntegrationTests.Infrastructure;

/// <summary>The system's PostgreSQL read directly, as a test that runs the service as processes of its own reads it.</summary>
public sealed class SagaStore(TestDatabase database)
{
    readonly DbContextOptions<DeployQueueDbContext> _options =
        new DbContextOptionsBuilder<DeployQueueDbContext>().UseNpgsql(database.ConnectionString).Options;

    public async Task<T> Query<T>(Func<DeployQueueDbContext, Task<T>> query)
    {
        await using var db = new DeployQueueDbContext(_options);
        return await query(db);
    }

    public Task<DeployState?> Deploy(Guid deployId) =>
        Query(db => db.Deploys.AsNoTracking().SingleOrDefaultAsync(d => d.CorrelationId == deployId));

    /// <summary>Those of <paramref name="deployIds"/> that reached Succeeded or Failed.</summary>
    public Task<List<DeployState>> Finished(IReadOnlySet<Guid> deployIds) =>
        Query(db => db.Deploys.AsNoTracking()
            .Where(d => deployIds.Contains(d.CorrelationId) && (d.CurrentState == "Succeeded" || d.CurrentState == "Failed"))
            .ToListAsync());

    /// <summary>The monitors of <paramref name="laneIds"/> that have started.</summary>
    public Task<List<MonitorState>> Monitors(IReadOnlyCollection<Guid> laneIds) =>
        Query(db => db.Monitors.AsNoTracking().Where(m => laneIds.Contains(m.CorrelationId)).ToListAsync());

    /// <summary>Messages committed to the outbox and not sent yet.</summary>
    public Task<int> OutboxLeft() => Query(db => db.OutboxMessages.CountAsync());
}
