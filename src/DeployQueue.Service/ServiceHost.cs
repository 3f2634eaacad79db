using DeployQueue.Domain;
using DeployQueue.Domain.Configuration;
using DeployQueue.Domain.Ports;
using DeployQueue.Domain.StateMachines;
using DeployQueue.GitHub;
using DeployQueue.Service.Configuration;
using DeployQueue.Service.Health;
using DeployQueue.Service.Hosting;
using DeployQueue.Service.Lifecycle;
using DeployQueue.Service.Logging;
using DeployQueue.Service.Status;
using DeployQueue.Service.Telemetry;
using DeployQueue.Service.Webhooks;
using DeployQueue.Smoke;
using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Serilog;

namespace DeployQueue.Service;

/// <summary>
/// The composition of one Deploy Queue instance (DESIGN.md §8): configuration, logging, telemetry, MassTransit on its
/// hosting profile (<see cref="HostingProfiles"/>), health and metrics endpoints, the GitHub webhook when enabled. Tests start the
/// same host in-process with their own settings through
/// <see cref="Build"/>'s hooks.
/// </summary>
public static class ServiceHost
{
    public const string DefaultUrls = "http://127.0.0.1:8080";

    /// <summary>How long a stopping instance lets the consumers in flight finish.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);

    /// <param name="args">Command-line arguments; any configuration key may be given as --Key=value.</param>
    /// <param name="configureBuilder">Runs after the defaults, before the services are built (tests: connection strings, URLs).</param>
    /// <param name="configureBus">Runs inside AddMassTransit (tests: extra consumers).</param>
    public static WebApplication Build(string[] args,
        Action<WebApplicationBuilder>? configureBuilder = null,
        Action<IBusRegistrationConfigurator>? configureBus = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // appsettings.json sits beside the assembly, wherever the process is started from.
            ContentRootPath = AppContext.BaseDirectory,
        });

        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
            builder.WebHost.UseUrls(DefaultUrls);

        configureBuilder?.Invoke(builder);

        builder.Services.AddSerilog(ServiceLogging.CreateLogger(builder.Configuration), dispose: true);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);

        builder.AddServiceTelemetry();
        builder.Services.AddServiceConfiguration(builder.Configuration);
        builder.Services.AddHealthChecks();
        var webhooks = GitHubWebhookEndpoint.IsEnabled(builder.Configuration);
        if (webhooks)
            builder.Services.AddGitHubWebhooks();
        AddDeployQueue(builder, configureBus);
        // The page and the API read the deploys from PostgreSQL: the embedded profile has no history to show.
        var statusPage = !ServiceConfiguration.Hosting(builder.Configuration).Embedded;
        if (statusPage)
            builder.Services.AddStatusApi();

        var app = builder.Build();
        app.MapServiceHealthEndpoints();
        app.MapMetricsEndpoint();
        if (statusPage)
        {
            app.MapStatusApi();
            app.MapStatusPage();
        }
        if (webhooks)
            app.MapGitHubWebhookEndpoint();
        return app;
    }

    /// <summary>Runs the service until it is stopped; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        WebApplication? app = null;
        try
        {
            // Building already creates the bus (the health checks need it), so a bad connection string stops it here.
            app = Build(args);
            await app.RunAsync();
            return 0;
        }
        catch (Exception e)
        {
            ReportStartFailure(app, e);
            return 1;
        }
        finally
        {
            if (app is not null)
                await app.DisposeAsync();
        }
    }

    static void ReportStartFailure(WebApplication? app, Exception e)
    {
        var failures = ConfigurationFailures(e);
        if (app is null)
        {
            // Logging is not set up yet.
            Console.Error.WriteLine(failures.Count > 0
                ? "Invalid configuration, not starting:" + string.Concat(failures.Select(f => Environment.NewLine + "  - " + f))
                : $"Deploy Queue cannot start: {e}");
        }
        else if (failures.Count > 0)
            app.Logger.LogCritical("Invalid configuration, not starting:{Failures}", string.Concat(failures.Select(f => Environment.NewLine + "  - " + f)));
        else
            app.Logger.LogCritical(e, "Deploy Queue stopped on an error");
    }

    /// <summary>The deploy queue itself: its sagas and consumers on the configured hosting profile, the GitHub and smoke-check adapters.</summary>
    static void AddDeployQueue(WebApplicationBuilder builder, Action<IBusRegistrationConfigurator>? configureBus)
    {
        var services = builder.Services;
        var hosting = ServiceConfiguration.Hosting(builder.Configuration);
        if (hosting.ExitOnBinaryChange)
            services.AddHostedService<BinaryChangeWatcher>();

        services.AddGitHubGateways(sp => sp.GetRequiredService<IOptions<DeployQueueOptions>>().Value.GitHub);
        services.AddSmokeChecks();
        // Before the bus's hosted service: a monitoring query Prometheus refuses stops the start before any message is taken.
        services.AddHostedService<PrometheusQueriesCheck>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddStateObserver<DeployState, DeployTransitionLog>();
        services.AddStateObserver<DeployState, DeployMetrics>();

        services.Configure<MassTransitHostOptions>(o =>
        {
            // Started means every queue and binding is declared: a publish right after start reaches its consumers.
            o.WaitUntilStarted = true;
            o.StopTimeout = ShutdownTimeout;
        });

        // One formatter names the endpoints and tells which of them go without the outbox.
        var endpointNames = KebabCaseEndpointNameFormatter.Instance;

        void AddToBus(IBusRegistrationConfigurator x)
        {
            x.SetEndpointNameFormatter(endpointNames);
            x.AddDeployQueue();
            configureBus?.Invoke(x);
        }

        if (hosting.Embedded)
        {
            services.AddSingleton<IWebhookDeliveries, InMemoryWebhookDeliveries>();
            services.AddEmbeddedHosting(AddToBus);
        }
        else
            services.AddRabbitMqPostgresHosting(new RabbitMqPostgresHosting
            {
                Broker = sp => new Uri(sp.GetRequiredService<IOptions<ServiceConnectionStrings>>().Value.RabbitMq),
                Postgres = builder.Configuration.GetConnectionString("Postgres") ?? "",
                SchedulerPollInterval = hosting.SchedulerPollInterval,
                // A malformed node is left out of the bus, which is configured before the options are validated: the
                // validation then stops the start naming it, along with every other invalid value.
                ClusterNodes = hosting.RabbitMqClusterNodes.Where(HostingOptionsValidator.IsHostAndPort).ToList(),
                QuorumQueues = hosting.QuorumQueues,
                EndpointsWithoutOutbox = DeployQueueRegistration.LookOnlyEndpoints(endpointNames),
            }, AddToBus);
    }

    /// <summary>The configuration problems behind a failed start: validation failures, or a value the binder could not convert.</summary>
    static IReadOnlyList<string> ConfigurationFailures(Exception e) => e switch
    {
        OptionsValidationException validation => validation.Failures.ToList(),
        AggregateException aggregate => aggregate.InnerExceptions.SelectMany(ConfigurationFailures).ToList(),
        InvalidOperationException { Message: var message }
            when message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal) => [message],
        _ => [],
    };
}
