using DeployQueue.Domain.StateMachines;
using DeployQueue.Persistence.Tests.TestStateMachines;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DeployQueue.Persistence.Tests.Infrastructure;

/// <summary>
/// One instance of a service wired as production would be: its own host and bus on the shared RabbitMQ
/// virtual host and PostgreSQL database, the probe saga in PostgreSQL, the PostgreSQL scheduler (polling
/// every 100 ms), the saga retry and the in-memory outbox.
/// </summary>
public sealed class ServiceInstance : IAsyncDisposable
{
    public const string SagaQueue = "deploy-probe";

    readonly IHost _host;

    ServiceInstance(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public static async Task<ServiceInstance> Start(TestDatabase database, TestVirtualHost virtualHost)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddDeployQueuePersistence(database.ConnectionString);
        builder.Services.AddMassTransit(x =>
        {
            x.SetPostgresSagaRepositoryProvider();
            x.AddSagaStateMachine<DeployProbeStateMachine, DeployState>().Endpoint(e =>
            {
                e.Name = SagaQueue;
                e.PrefetchCount = 16;
            });
            x.AddPostgresMessageScheduler(o => o.PollInterval = TimeSpan.FromMilliseconds(100));
            x.AddMessageScheduler(new Uri("queue:scheduler"));
            x.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host("127.0.0.1", virtualHost.Name, h =>
                {
                    h.Username("guest");
                    h.Password("guest");
                });
                cfg.UseMessageScheduler(new Uri("queue:scheduler"));
                cfg.UseDeployQueueSagaRetry();
                cfg.UseInMemoryOutbox(context);
                cfg.ConfigureEndpoints(context);
            });
        });

        var host = builder.Build();
        await host.StartAsync();
        return new ServiceInstance(host);
    }

    public async Task Send<T>(T message)
        where T : class
    {
        var endpoint = await Services.GetRequiredService<IBus>().GetSendEndpoint(new Uri($"queue:{SagaQueue}"));
        await endpoint.Send(message);
    }

    public async Task<DeployState?> Deploy(Guid id)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<DeployQueueDbContext>>().CreateDbContextAsync();
        return await db.Deploys.AsNoTracking().SingleOrDefaultAsync(x => x.CorrelationId == id);
    }

    public async Task<T> Query<T>(Func<DeployQueueDbContext, Task<T>> query)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<DeployQueueDbContext>>().CreateDbContextAsync();
        return await query(db);
    }

    public async Task Stop() => await _host.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
