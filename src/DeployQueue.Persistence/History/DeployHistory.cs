using DeployQueue.Domain.StateMachines;
using DeployQueue.Domain.Views;
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

    public async Task<IReadOnlyList<DeployState>> Deploys(string? repository = null, string? target = null, string? state = null,
        int limit = IDeployHistory.DefaultLimit, int offset = 0, CancellationToken cancellationToken = default)
    {
        await using var db = await dbContextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var query = Of(db.Deploys.AsNoTracking(), repository, target);
        if (state != null)
            query = query.Where(x => x.CurrentState == state);
        return await query.OrderByDescending(x => x.Attempt.StartedAt).ThenBy(x => x.CorrelationId).Skip(offset).Take(limit)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<DeployState?> Deploy(Guid deployId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbContextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Deploys.AsNoTracking().FirstOrDefaultAsync(x => x.CorrelationId == deployId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<LaneView>> Lanes(string? repository = null, string? target = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbContextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var lanes = await Of(db.Lanes.AsNoTracking(), repository, target).ToListAsync(cancellationToken).ConfigureAwait(false);
        // A holder may have ended (failed at its merge timeout, it keeps the lane while its merge may still land): read by id.
        var holders = lanes.Where(l => l.Holder is not null).Select(l => l.Holder!.DeployId).ToList();
        var inLanes = await Of(db.Deploys.AsNoTracking(), repository, target)
            .Where(x => LaneView.InLaneStates.Contains(x.CurrentState) || holders.Contains(x.CorrelationId))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return LaneView.Of(lanes, inLanes);
    }

    public async Task<IReadOnlyList<DoraFigures>> Dora(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var db = await dbContextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var since = now - TimeSpan.FromDays(DoraFigures.WindowDays.Max());
        // An earlier attempt ended before the current one started: a deploy whose current attempt neither started nor ended
        // in the window has no attempt that ended in it.
        var ended = await db.Deploys.AsNoTracking()
            .Where(x => x.Attempt.StartedAt >= since || x.Attempt.FinishedAt >= since)
            .Select(x => new DeployState
            {
                Target = x.Target,
                CurrentState = x.CurrentState,
                Attempt = new DeployAttempt { StartedAt = x.Attempt.StartedAt, FinishedAt = x.Attempt.FinishedAt },
                PastAttempts = x.PastAttempts,
            })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return DoraFigures.Of(ended, now);
    }

    public async Task<IReadOnlyList<MonitorState>> Monitors(string? repository = null, string? target = null,
        CancellationToken cancellationToken = default)
    {
        await using var db = await dbContextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await Of(db.Monitors.AsNoTracking(), repository, target).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<string?> LastKnownGoodSha(string repository, string target, CancellationToken cancellationToken = default)
    {
        await using var db = await dbContextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Lanes.AsNoTracking().Where(x => x.Repository == repository && x.Target == target)
            .Select(x => x.LastKnownGoodSha).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The saga instances of one repository and/or target, or all.</summary>
    static IQueryable<TSaga> Of<TSaga>(IQueryable<TSaga> query, string? repository, string? target) where TSaga : class, ILaneSaga
    {
        if (repository != null)
            query = query.Where(x => x.Repository == repository);
        if (target != null)
            query = query.Where(x => x.Target == target);
        return query;
    }
}
