using DeployQueue.Domain.StateMachines;
using DeployQueue.Domain.Views;
using Microsoft.EntityFrameworkCore;
using Npgsql;

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

    /// <summary>
    /// The attempts that ended since <c>@since</c> (<see cref="FinishedAttempt.Of(DeployState)"/> in SQL): current attempts that
    /// succeeded or failed, and earlier ones from the <c>PastAttempts</c> of deploys whose current attempt started since (an
    /// earlier attempt ended before it). Four columns a row, no saga to build: the DORA figures of a long history stay cheap.
    /// </summary>
    const string EndedSince = """
        SELECT "Target", "CurrentState" = 'Succeeded', "Attempt_StartedAt", "Attempt_FinishedAt"
        FROM deploy_states
        WHERE "CurrentState" IN ('Succeeded', 'Failed') AND "Attempt_FinishedAt" >= @since
        UNION ALL
        SELECT d."Target", past->>'finalState' = 'Succeeded', (past->>'startedAt')::timestamptz, (past->>'finishedAt')::timestamptz
        FROM deploy_states d CROSS JOIN LATERAL jsonb_array_elements(d."PastAttempts") past
        WHERE d."Attempt_StartedAt" >= @since AND past->>'finalState' IN ('Succeeded', 'Failed') AND (past->>'finishedAt')::timestamptz >= @since
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
