using System.Collections.Concurrent;
using DeployQueue.Domain.StateMachines;
using MassTransit;

namespace DeployQueue.Bench.Infrastructure;

/// <summary>
/// Messages the service consumed successfully, by receive queue. A message consumed on a saga's queue (deploy-state,
/// lane-state) is one saga transition: the instance loaded, the event applied, the instance saved. The observer runs
/// outside the endpoint's retry, so a message retried after a concurrency conflict counts once.
/// </summary>
public sealed class ConsumedCounter : IConsumeObserver
{
    public static readonly string DeploySagaQueue = KebabCaseEndpointNameFormatter.Instance.Saga<DeployState>();
    public static readonly string LaneSagaQueue = KebabCaseEndpointNameFormatter.Instance.Saga<LaneState>();

    readonly ConcurrentDictionary<string, int> byQueue = new();
    int faults;

    public int Of(string queue) => byQueue.GetValueOrDefault(queue);
    public int SagaTransitions => Of(DeploySagaQueue) + Of(LaneSagaQueue);
    public int Total => byQueue.Values.Sum();
    public int Faults => Volatile.Read(ref faults);
    public IReadOnlyDictionary<string, int> ByQueue => byQueue.ToDictionary();

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class
    {
        var queue = context.ReceiveContext.InputAddress?.Segments.LastOrDefault() ?? "";
        byQueue.AddOrUpdate(queue, 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }

    public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class
    {
        Interlocked.Increment(ref faults);
        return Task.CompletedTask;
    }
}
