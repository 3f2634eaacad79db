using System.Collections.Concurrent;
using DeployQueue.Contracts;
using MassTransit;

namespace DeployQueue.IntegrationTests.Webhooks;

/// <summary>The webhook hints the instances it observes consumed: every hint published, as each is consumed once.</summary>
public sealed class ConsumedHints : IConsumeObserver
{
    readonly ConcurrentQueue<GitHubChangeNoticed> _hints = new();

    public IReadOnlyList<GitHubChangeNoticed> Of(string deliveryId) => _hints.Where(h => h.DeliveryId == deliveryId).ToList();

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class
    {
        if (context.Message is GitHubChangeNoticed hint)
            _hints.Enqueue(hint);
        return Task.CompletedTask;
    }

    public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Task.CompletedTask;
}
