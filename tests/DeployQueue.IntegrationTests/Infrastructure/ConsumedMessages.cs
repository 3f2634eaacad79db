using System.Collections.Concurrent;
using MassTransit;

namespace DeployQueue.IntegrationTests.Infrastructure;

/// <summary>Counts, by message type, what one instance of the service consumed successfully: which instance did the work.</summary>
public sealed class ConsumedMessages : IConsumeObserver
{
    readonly ConcurrentDictionary<Type, int> _counts = new();

    public int Of<T>() => _counts.GetValueOrDefault(typeof(T));

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class
    {
        _counts.AddOrUpdate(typeof(T), 1, (_, count) => count + 1);
        return Task.CompletedTask;
    }

    public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Task.CompletedTask;
}
