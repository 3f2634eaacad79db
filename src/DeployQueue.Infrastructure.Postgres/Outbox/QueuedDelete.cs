using Npgsql;

namespace DeployQueue.Infrastructure.Postgres.Outbox;

/// <param name="Statement">Deletes the rows taken.</param>
/// <param name="Requeue">Puts them back in the queue, when the statement failed.</param>
public sealed record QueuedDelete(NpgsqlBatchCommand Statement, Action Requeue);
