namespace DeployQueue.Infrastructure.Postgres.Outbox;

/// <summary>
/// Selects the outbox of saga endpoints (<see cref="PostgresOutboxContextFactory"/> as
/// <c>IOutboxContextFactory&lt;SagaOutbox&gt;</c>). Everything a saga does is in its transaction (state, history,
/// the messages it sends), so a message it consumed before can be recognised at the commit, by its inbox row,
/// instead of by a query before it runs: the duplicate's transaction rolls back and nothing of it remains.
/// A consumer, which may call GitHub, is checked before it runs.
/// </summary>
public sealed class SagaOutbox;
