using MassTransit;

namespace DeployQueue.Contracts;

/// <summary>
/// A result of a command a deploy sent (merge, deployment watch, smoke run): it repeats the command's attempt, so
/// that a late result of an earlier attempt is recognised as stale. Not a message type of its own on the broker.
/// </summary>
[ExcludeFromTopology]
public interface IAttemptResult
{
    Guid DeployId { get; }
    int Attempt { get; }
}
