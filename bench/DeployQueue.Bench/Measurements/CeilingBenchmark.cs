using DeployQueue.Bench.Infrastructure;
using DeployQueue.Bench.Reporting;
using DeployQueue.Service.Hosting;
using MassTransit;

namespace DeployQueue.Bench.Measurements;

/// <summary>
/// The ceiling: a MassTransit consumer that does nothing, on a durable queue with the service's prefetch, fed by a
/// bus with publisher confirms on, in the same process and on the same broker as the service. Messages per second
/// from the first publish to the last message consumed: every saga transition also costs one confirmed publish
/// and one delivery, so this is what the broker and MassTransit allow before any database work.
/// </summary>
public static class CeilingBenchmark
{
    public static async Task<CeilingResult> Run(BenchEnvironment environment, int messages)
    {
        var consumed = 0;
        var allConsumed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(new Uri(environment.RabbitMq), h => h.PublisherConfirmation = true);
            cfg.PrefetchCount = HostingProfiles.PrefetchCount;
            cfg.ReceiveEndpoint("bench-ceiling", e => e.Handler<CeilingPing>(_ =>
            {
                if (Interlocked.Increment(ref consumed) == messages) allConsumed.TrySetResult();
                return Task.CompletedTask;
            }));
        });
        await bus.StartAsync();
        try
        {
            // Warm-up: connections, channels and JIT, not counted.
            await Publish(bus, Math.Min(500, messages / 10));
            await WaitUntil(() => Volatile.Read(ref consumed) >= Math.Min(500, messages / 10));
            Interlocked.Exchange(ref consumed, 0);

            var cpu = new CpuMeter();
            var started = DateTimeOffset.UtcNow;
            await Publish(bus, messages);
            await allConsumed.Task.WaitAsync(TimeSpan.FromMinutes(5));
            var seconds = (DateTimeOffset.UtcNow - started).TotalSeconds;
            var used = cpu.Stop();
            return new CeilingResult(messages, seconds, messages / seconds, used);
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    static Task Publish(IBus bus, int count) =>
        Task.WhenAll(Enumerable.Range(0, count).Select(i => bus.Publish(new CeilingPing(Guid.NewGuid(), i, DateTimeOffset.UtcNow))));

    static async Task WaitUntil(Func<bool> condition)
    {
        var until = DateTimeOffset.UtcNow.AddMinutes(1);
        while (!condition() && DateTimeOffset.UtcNow < until)
            await Task.Delay(20);
    }
}
