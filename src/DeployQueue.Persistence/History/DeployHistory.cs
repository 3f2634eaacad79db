using DeployQueue.Domain.StateMachines;
using Microsoft.EntityFrameworkCore;

namespace DeployQueue.Persistence.History;

public sealed class DeployHistory(IDbContextFactory<DeployQueueDbContext> dbContextFactory) : IDeployHistory
{
    public async Task<IReadOnlyList<DeployTransition>> ForPullRequest(string repository, int prNumber, string? target = null,
        CancellationToken cancellationToken = default)
    {
        await using var db = await dbContextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var query = db.DeployTransitions.AsNoTracking().Where(x => x.Repository == repository && x.PrNumber == prNumber);
        if (target != null)
            query = query.Where(x => x.Target == target);
        return await query.OrderBy(x => x.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<DeployTransition>> ForTarget(string target, string? repository = null, int limit = 100,
        CancellationToken cancellationToken = default)
    {
        await using var db = await dbContextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var query = db.DeployTransitions.AsNoTracking().Where(x => x.Target == target);
        if (repository != null)
            query = query.Where(x => x.Repository == repository);
        var latest = await query.OrderByDescending(x => x.Id).Take(limit).ToListAsync(cancellationToken).ConfigureAwait(false);
        latest.Reverse();
        return latest;
    }

    public async Task<IReadOnlyList<DeployState>> Deploys(string? repository = null, string? target = null,
        CancellationToken cancellationToken = default, string? state = null)
    {
        await using var db = await dbContextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var query = db.Deploys.AsNoTracking();
        if (repository != null)
            query = query.Where(x => x.Repository == repository);
        if (target != null)
            query = query.Where(x => x.Target == target);
        if (state != null)
            query = query.Where(x => x.CurrentState == state);
        return await query.OrderByDescending(x => x.Attempt.StartedAt).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<DeployState?> Deploy(Guid deployId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbContextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Deploys.AsNoTracking().FirstOrDefaultAsync(x => x.CorrelationId == deployId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<LaneState>> Lanes(string? repository = null, string? target = null,
        CancellationToken cancellationToken = default)
    {
        await using var db = await dbContextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var query = db.Lanes.AsNoTracking();
        if (repository != null)
            query = query.Where(x => x.Repository == repository);
        if (target != null)
            query = query.Where(x => x.Target == target);
        return await query.ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<MonitorState>> Monitors(string? repository = null, string? target = null,
        CancellationToken cancellationToken = default)
    {
        await using var db = await dbContextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var query = db.Monitors.AsNoTracking();
        if (repository != null)
            query = query.Where(x => x.Repository == repository);
        if (target != null)
            query = query.Where(x => x.Target == target);
        return await query.ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<string?> LastKnownGoodSha(string repository, string target, CancellationToken cancellationToken = default)
    {
        await using var db = await dbContextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Lanes.AsNoTracking().Where(x => x.Repository == repository && x.Target == target)
            .Select(x => x.LastKnownGoodSha).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
    }
}
