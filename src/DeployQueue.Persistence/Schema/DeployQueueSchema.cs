using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace DeployQueue.Persistence.Schema;

/// <summary>
/// Brings the database to the migrations kept in this project. Instances starting together take turns on a
/// PostgreSQL advisory lock, so migrations run once; the others find nothing pending.
/// </summary>
public sealed class DeployQueueSchema(IDbContextFactory<DeployQueueDbContext> dbContextFactory)
{
    /// <summary>"DQSCHEMA": the advisory lock key that serialises migrations of this schema.</summary>
    const long MigrationLockKey = 0x4451_5343_4845_4D41;

    volatile bool _isCurrent;

    /// <summary>True once this process applied, or found, every migration.</summary>
    public bool IsCurrent => _isCurrent;

    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbContextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await CreateDatabaseIfMissing(db, cancellationToken).ConfigureAwait(false);

        await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_advisory_lock({MigrationLockKey})", cancellationToken)
                .ConfigureAwait(false);
            try
            {
                // Npgsql's provider reads the history table without asking whether it exists, and EF Core logs the failed read
                // of a new database as an error before the provider takes it for no migration applied: create it first.
                await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
                await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_advisory_unlock({MigrationLockKey})", CancellationToken.None)
                    .ConfigureAwait(false);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync().ConfigureAwait(false);
        }

        _isCurrent = true;
    }

    /// <summary>Whether every migration is applied, asking the database unless this process already knows.</summary>
    public async Task<bool> CheckCurrentAsync(CancellationToken cancellationToken = default)
    {
        if (_isCurrent)
            return true;
        await using var db = await dbContextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var pending = await db.Database.GetPendingMigrationsAsync(cancellationToken).ConfigureAwait(false);
        _isCurrent = !pending.Any();
        return _isCurrent;
    }

    static async Task CreateDatabaseIfMissing(DeployQueueDbContext db, CancellationToken cancellationToken)
    {
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (await creator.ExistsAsync(cancellationToken).ConfigureAwait(false))
            return;
        try
        {
            await creator.CreateAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // Another instance created it first.
        }
    }
}
