using System.Net;
using DeployQueue.Service;
using MassTransit;

namespace DeployQueue.Bench.Infrastructure;

/// <summary>
/// Instances of the real service composition (<see cref="ServiceHost.Build"/>: RabbitMQ, PostgreSQL, the GitHub
/// adapter over Octokit, the smoke checks over HTTP) started in this process, each with the same settings, as
/// competing consumers on one virtual host and one database.
/// </summary>
public sealed class ServiceInstances : IAsyncDisposable
{
    readonly List<WebApplication> running = [];

    ServiceInstances(ConsumedCounter consumed) => Consumed = consumed;

    /// <summary>What all instances together consumed.</summary>
    public ConsumedCounter Consumed { get; }

    /// <summary>Where each instance listens over HTTP (its webhook, its health checks), in the order they started.</summary>
    public IReadOnlyList<Uri> BaseAddresses => running.Select(app => new Uri(app.Urls.First())).ToList();

    public static async Task<ServiceInstances> Start(int count, IDictionary<string, string?> settings, BenchTuning tuning)
    {
        var instances = new ServiceInstances(new ConsumedCounter());
        for (var i = 0; i < count; i++)
        {
            var app = ServiceHost.Build([],
                builder => builder.Configuration.AddInMemoryCollection(settings),
                bus =>
                {
                    bus.AddConsumeObserver(_ => instances.Consumed);
                    tuning.Apply(bus);
                });
            await app.StartAsync();
            instances.running.Add(app);
            await WaitUntilReady(app);
        }
        return instances;
    }

    static async Task WaitUntilReady(WebApplication app)
    {
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        var until = DateTimeOffset.UtcNow.AddSeconds(60);
        while (true)
        {
            using var response = await http.GetAsync("/health/ready");
            if (response.StatusCode == HttpStatusCode.OK) return;
            if (DateTimeOffset.UtcNow > until)
                throw new TimeoutException($"The service never became ready: {await response.Content.ReadAsStringAsync()}");
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in running)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
