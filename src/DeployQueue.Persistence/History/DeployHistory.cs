using DeployQueue.Domain.StateMachines;
using DeployQueue.Domain.Views;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DeployQueue.Persistence.History;

public sealed class DeployHistory(IDbContextFactory<DeployQueueDbContext> dbContextFactory) : IDeployHistory
{
    /// <summary>The column (and shadow property) in which PostgreSQL keeps the current attempt's start, indexed for the deploy list.</summary>
    public const string AttemptStartedAt = "AttemptStartedAt";

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
        return await query.OrderByDescending(x => EF.Property<DateTimeOffset>(x, AttemptStartedAt)).ThenBy(x => x.CorrelationId).Skip(offset).Take(limit)
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

    /// <summary>
    /// The attempts that ended since <c>@since</c> (<see cref="FinishedAttempt.Of(DeployState)"/> in SQL), in one pass over the deploys
    /// with an attempt in the window: their current attempt if it succeeded or failed, and the earlier ones from their
    /// <c>PastAttempts</c> (each ended before the current one started). Four columns a row, no saga to build: the DORA figures of a
    /// long history stay cheap.
    /// </summary>
    const string EndedSince = """
        SELECT d."Target", ended.succeeded, ended.started_at, ended.finished_at
        FROM deploy_states d CROSS JOIN LATERAL (
            SELECT d."CurrentState" = 'Succeeded', d."Attempt_StartedAt", d."Attempt_FinishedAt"
            WHERE d."CurrentState" IN ('Succeeded', 'Failed')
            UNION ALL
            SELECT past->>'finalState' = 'Succeeded', (past->>'startedAt')::timestamptz, (past->>'finishedAt')::timestamptz
            FROM jsonb_array_elements(d."PastAttempts") past
            WHERE past->>'finalState' IN ('Succeeded', 'Failed')
        ) ended (succeeded, started_at, finished_at)
        WHERE (d."Attempt_StartedAt" >= @since OR d."Attempt_FinishedAt" >= @since) AND ended.finished_at >= @since
        """;

    public async Task<IReadOnlyList<DoraFigures>> Dora(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var db = await dbContextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(EndedSince, (NpgsqlConnection)db.Database.GetDbConnection());
        command.Parameters.AddWithValue("since", (now - TimeSpan.FromDays(DoraFigures.WindowDays.Max())).ToUniversalTime());
        var ended = new List<FinishedAttempt>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            ended.Add(new FinishedAttempt(reader.GetString(0), reader.GetBoolean(1), reader.GetFieldValue<DateTimeOffset>(2),
                reader.GetFieldValue<DateTimeOffset>(3)));
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
