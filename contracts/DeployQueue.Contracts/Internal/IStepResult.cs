using MassTransit;

namespace DeployQueue.Contracts;

/// <summary>
/// A result about one step of a progressive rollout (0 on a target without one): a late result of an earlier step is
/// recognised as stale, so it never decides the step under way. Not a message type of its own on the broker.
/// </summary>
[ExcludeFromTopology]
public interface IStepResult
{
    int Step { get; }
}
