using DeployQueue.Service;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DeployQueue.IntegrationTests.Infrastructure;

/// <summary>The real service host, started in-process on a free loopback port with the test's own settings.</summary>
public sealed class RunningService : IAsyncDisposable
{
    RunningService(WebApplication app)
    {
        App = app;
        Http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
    }

    public WebApplication App { get; }
    public HttpClient Http { get; }
    public IServiceProvider Services => App.Services;

    /// <summary>The host with the given configuration on top of appsettings.json and a free port.</summary>
    /// <param name="configureServices">Runs before the service's own registrations (tests: an in-memory trace exporter).</param>
    public static WebApplication Build(IDictionary<string, string?> settings, Action<IBusRegistrationConfigurator>? configureBus = null,
        Action<IServiceCollection>? configureServices = null) =>
        ServiceHost.Build([],
            builder =>
            {
                builder.WebHost.UseUrls("http://127.0.0.1:0");
                builder.Configuration.AddInMemoryCollection(settings);
                configureServices?.Invoke(builder.Services);
            },
            configureBus);

    public static async Task<RunningService> Start(IDictionary<string, string?> settings, Action<IBusRegistrationConfigurator>? configureBus = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var app = Build(settings, configureBus, configureServices);
        await app.StartAsync();
        return new RunningService(app);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
