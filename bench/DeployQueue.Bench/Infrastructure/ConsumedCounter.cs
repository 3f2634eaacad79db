using System.Collections.Concurrent;
using System.Diagnostics;
using DeployQueue.Domain.StateMachines;
using MassTransit;

namespace DeployQueue.Bench.Infrastructure;

/// <summary>
/// Messages the service consumed successfully, by receive queue, and how long each queue's messages took from the
/// start of their consume pipe to its end (retries, the database and the outbox's publishes included). A message
/// consumed on a saga's queue (deploy-state, lane-state) is one saga transition: the instance loaded, the event
/// applied, the instance saved. The observer runs outside the endpoint's retry, so a message retried after a
/// concurrency conflict counts once.
/// </summary>
public sealed class ConsumedCounter : IConsumeObserver
{
    public static readonly string DeploySagaQueue = KebabCaseEndpointNameFormatter.Instance.Saga<DeployState>();
    public static readonly string LaneSagaQueue = KebabCaseEndpointNameFormatter.Instance.Saga<LaneState>();

    sealed class QueueTally
    {
        public int Count;
        public long Ticks;
    }

    sealed record Started(long Timestamp);

    readonly ConcurrentDictionary<string, QueueTally> byQueue = new();
    int faults;

    public int Of(string queue) => byQueue.TryGetValue(queue, out var tally) ? Volatile.Read(ref tally.Count) : 0;
    public int SagaTransitions => Of(DeploySagaQueue) + Of(LaneSagaQueue);
    public int Faults => Volatile.Read(ref faults);

    /// <summary>Per queue: messages consumed, and the total of their consume times in milliseconds.</summary>
    public IReadOnlyDictionary<string, (int Count, double TotalMs)> ByQueue =>
        byQueue.ToDictionary(q => q.Key, q => (q.Value.Count, Stopwatch.GetElapsedTime(0, Interlocked.Read(ref q.Value.Ticks)).TotalMilliseconds));

    public Task PreConsume<T>(ConsumeContext<T> context) where T : class
    {
        context.GetOrAddPayload(() => new Started(Stopwatch.GetTimestamp()));
        return Task.CompletedTask;
    }

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class
    {
        var queue = context.ReceiveContext.InputAddress?.Segments.LastOrDefault() ?? "";
        var tally = byQueue.GetOrAdd(queue, _ => new QueueTally());
        Interlocked.Increment(ref tally.Count);
        if (context.TryGetPayload(out Started? started))
            Interlocked.Add(ref tally.Ticks, Stopwatch.GetTimestamp() - started.Timestamp);
        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class
    {
        Interlocked.Increment(ref faults);
        return Task.CompletedTask;
    }
}
