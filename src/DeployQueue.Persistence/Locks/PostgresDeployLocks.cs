using DeployQueue.Domain.Ports;
using Microsoft.EntityFrameworkCore;

namespace DeployQueue.Persistence.Locks;

/// <summary>
/// A deploy's lock as a PostgreSQL session advisory lock, held on a connection of its own for as long as the handle lives:
/// every instance shares it, and the database releases it when the holder's connection ends (an instance killed). Keyed by
/// (<see cref="Namespace"/>, a hash of the deploy id): two deploys whose hashes meet only wait for each other.
/// </summary>
public sealed class PostgresDeployLocks(IDbContextFactory<DeployQueueDbContext> databases) : IDeployLocks
{
    /// <summary>The first key of the two-key form, which keeps these apart from any other advisory lock of the database.</summary>
    const int Namespace = 0x44514C4B; // "DQLK"

    public async Task<IAsyncDisposable> Acquire(Guid deployId, CancellationToken cancellationToken)
    {
        var key = KeyOf(deployId);
        var db = await databases.CreateDbContextAsync(cancellationToken);
        try
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_lock({0}, {1})", [Namespace, key], cancellationToken);
            return new Held(db, key);
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    /// <summary>The id's four 32-bit words folded into one, the same in every process (unlike a string's hash code).</summary>
    static int KeyOf(Guid deployId)
    {
        Span<byte> bytes = stackalloc byte[16];
        deployId.TryWriteBytes(bytes);
        return BitConverter.ToInt32(bytes[..4]) ^ BitConverter.ToInt32(bytes[4..8]) ^ BitConverter.ToInt32(bytes[8..12]) ^ BitConverter.ToInt32(bytes[12..]);
    }

    sealed class Held(DeployQueueDbContext db, int key) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_unlock({0}, {1})", [Namespace, key], CancellationToken.None);
            }
            finally
            {
                // Closing the connection also ends the lock, should the unlock have failed: Npgsql resets a pooled session on return.
                await db.Database.CloseConnectionAsync();
                await db.DisposeAsync();
            }
        }
    }
}
