using MassTransit;

namespace DeployQueue.Contracts;

/// <summary>
/// A result of a command a deploy sent (merge, deployment watch, smoke run). Every command names the deploy's attempt
/// and every result repeats it: a late result of an earlier attempt is recognised as stale, so it never decides the
/// attempt that runs now. Not a message type of its own on the broker.
/// </summary>
[ExcludeFromTopology]
public interface IAttemptResult
{
    Guid DeployId { get; }
    int Attempt { get; }
}
