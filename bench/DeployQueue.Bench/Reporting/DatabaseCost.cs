namespace DeployQueue.Bench.Reporting;

/// <summary>PostgreSQL commands of the service (round trips) and optimistic concurrency conflicts (each one a retried message).</summary>
public sealed record DatabaseCost(long Commands, double CommandsPerSagaTransition, long Conflicts);
