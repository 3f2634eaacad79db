namespace DeployQueue.Infrastructure.Postgres.Outbox;

/// <summary>The outbox rows one commit wrote, and when.</summary>
sealed record CommittedRows(IReadOnlyList<OutboxMessage> Rows, DateTimeOffset At);
