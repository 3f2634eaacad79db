using DeployQueue.Service.Hosting;
using MassTransit;

namespace DeployQueue.Bench.Infrastructure;

/// <summary>
/// The pipeline around the Deploy Queue, as the bench plays it: a bus of its own on the environment's virtual host
/// (publisher confirms on, like the service) that publishes <c>DeployRequested</c> and reads every announcement and
/// fix task into <see cref="Milestones"/>. It runs outside the service hosts, so it works the same against a service
/// in another process.
/// </summary>
public sealed class BenchClient : IAsyncDisposable
{
    readonly IBusControl bus;

    BenchClient(IBusControl bus, Milestones milestones)
    {
        this.bus = bus;
        Milestones = milestones;
    }

    public Milestones Milestones { get; }

    public static async Task<BenchClient> Start(BenchEnvironment environment)
    {
        var milestones = new Milestones();
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(new Uri(environment.RabbitMq), h => h.PublisherConfirmation = true);
            cfg.ReceiveEndpoint("bench-milestones", e =>
            {
                e.Durable = false;
                e.AutoDelete = true;
                e.PrefetchCount = HostingProfiles.PrefetchCount;
                e.Consumer(() => new MilestoneConsumer(milestones));
            });
        });
        await bus.StartAsync();
        return new BenchClient(bus, milestones);
    }

    /// <summary>Publishes the request; its <see cref="Milestone.Requested"/> moment is taken just before.</summary>
    public Task Request(BenchDeploy deploy)
    {
        Milestones.Record(deploy.DeployId, Milestone.Requested, DateTimeOffset.UtcNow);
        return bus.Publish(deploy.Request());
    }

    /// <summary>Publishes every request at once (a burst), each confirmed by the broker.</summary>
    public Task RequestAll(IEnumerable<BenchDeploy> deploys) => Task.WhenAll(deploys.Select(Request));

    public async ValueTask DisposeAsync() => await bus.StopAsync();
}
