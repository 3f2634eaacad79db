using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DeployQueue.Infrastructure.Postgres.Sagas;

/// <summary>The database failures that a retry of the whole message, on a fresh DbContext, resolves.</summary>
public static class SagaConflicts
{
    /// <summary>A saga's message that lost the race for its row: an optimistic-concurrency conflict, or a first insert made twice.</summary>
    public static bool IsConflict(Exception exception) =>
        exception is DbUpdateConcurrencyException || exception is DbUpdateException update && IsDuplicateKey(update);

    public static bool IsDuplicateKey(DbUpdateException exception) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    /// <summary>Serialization failure, deadlock, or a connection the server dropped (restart, failover).</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected } => true,
        NpgsqlException npgsql => npgsql.IsTransient,
        DbUpdateException { InnerException: { } inner } => IsTransient(inner),
        _ => false
    };
}
