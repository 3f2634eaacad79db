namespace DeployQueue.Domain.Ports;

/// <summary>
/// The exceptions by which the host's saga store says that a saga's message lost a race for its row to another message (an
/// optimistic-concurrency conflict, or the same first insert twice): handled again on a fresh row, it goes through. Races are
/// expected where many messages meet one row (fifty deploys of a lane asking for it at once, on every instance), so saga
/// endpoints retry them quickly and many more times than a failure (<see cref="StateMachines.SagaEndpoint"/>). Registered by
/// the host whose store has them (PostgreSQL); none in memory.
/// </summary>
public sealed record SagaConflict(Func<Exception, bool> Matches);
