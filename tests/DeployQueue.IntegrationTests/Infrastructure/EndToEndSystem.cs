using System.Globalization;
using System.Net;
using DeployQueue.Domain.Consumers;
using DeployQueue.Domain.Intake;
using DeployQueue.Domain.Policies;
using DeployQueue.Domain.StateMachines;
using DeployQueue.Infrastructure.Postgres.Scheduling;
using DeployQueue.Persistence.History;
using DeployQueue.Simulators.GitHub;
using DeployQueue.Simulators.GitHub.Scripting;
using DeployQueue.Simulators.Target;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DeployQueue.IntegrationTests.Infrastructure;

/// <summary>
/// The whole Deploy Queue as its users meet it: real service hosts in-process on the shared RabbitMQ and on a
/// PostgreSQL database of their own, GitHub through the real Octokit adapter against the GitHub simulator over
/// HTTP, and one target simulator per configured target, on a broker virtual host of its own. Repositories get fresh
/// names too. Requests go in as plain JSON through the management API;
/// what comes out is read from the durable downstream queues (<see cref="Inbox"/>).
/// </summary>
public sealed class EndToEndSystem : IAsyncDisposable
{
    /// <summary>How often the queue re-reads GitHub while a pipeline runs.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    readonly List<RunningService> _running = [];
    readonly Dictionary<string, string?> _settings;

    EndToEndSystem(GitHubSimulator gitHub, IReadOnlyDictionary<string, TargetSimulator> targets, TestDatabase database, TestVirtualHost virtualHost,
        IReadOnlyList<string> repositories, TimeSpan deployTimeout, IReadOnlyDictionary<string, string?>? settings)
    {
        GitHub = gitHub;
        Targets = targets;
        Database = database;
        VirtualHost = virtualHost;
        Repositories = repositories;
        Broker = new RabbitMqManagement(virtualHost.Name, virtualHost.Node);
        Inbox = new DownstreamInbox(Broker);
        _settings = Settings(deployTimeout);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            _settings[key] = value;
    }

    public GitHubSimulator GitHub { get; }
    public IReadOnlyDictionary<string, TargetSimulator> Targets { get; }
    public TestDatabase Database { get; }

    /// <summary>The broker's virtual host of this system's own: a service left running by another fixture (or a killed test
    /// run) consumes none of its messages.</summary>
    public TestVirtualHost VirtualHost { get; }
    public IReadOnlyList<string> Repositories { get; }
    public RabbitMqManagement Broker { get; }
    public DownstreamInbox Inbox { get; }

    /// <summary>
    /// The simulators and the database for <paramref name="repositories"/> fresh repositories and the named targets; no
    /// service runs yet. <paramref name="settings"/> override the service's. The broker and the database are the local
    /// ones unless <paramref name="broker"/> or <paramref name="postgres"/> name others (a fault test's own, which it stops).
    /// </summary>
    public static async Task<EndToEndSystem> Create(int repositories = 1, string[]? targets = null, TimeSpan? deployTimeout = null,
        IReadOnlyDictionary<string, string?>? settings = null, BrokerNode? broker = null, PostgresServer? postgres = null)
    {
        var gitHub = await GitHubSimulator.StartAsync();
        var targetSimulators = new Dictionary<string, TargetSimulator>();
        foreach (var name in targets ?? ["staging"])
            targetSimulators[name] = await TargetSimulator.StartAsync(name, runningVersion: "0000000000000000000000000000000000000000");
        var names = Enumerable.Range(0, repositories).Select(_ => $"acme/shop-{Guid.NewGuid():N}"[..18]).ToList();

        var system = new EndToEndSystem(gitHub, targetSimulators, await TestDatabase.Create(server: postgres), await TestVirtualHost.Create(broker), names,
            deployTimeout ?? TimeSpan.FromMinutes(1), settings);
        // Whatever an earlier run left in the service's queues must not reach this fixture's hosts.
        await system.PurgeServiceQueues();
        await system.Inbox.Collect();
        return system;
    }

    /// <summary>Starts one more instance of the service and waits until it is ready.</summary>
    public async Task<RunningService> StartService(Action<IBusRegistrationConfigurator>? configureBus = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var service = await RunningService.Start(_settings, configureBus, configureServices);
        _running.Add(service);
        var ready = await Eventually.Poll(async () =>
        {
            using var response = await service.Http.GetAsync("/health/ready");
            return response.StatusCode;
        }, status => status == HttpStatusCode.OK);
        Assert.That(ready, Is.EqualTo(HttpStatusCode.OK), "the service never became ready");
        return service;
    }

    /// <summary>Stops an instance as an orchestrator does (SIGTERM): what it was doing stays in the broker and the database.</summary>
    public async Task StopService(RunningService service)
    {
        _running.Remove(service);
        await service.DisposeAsync();
    }

    /// <summary>A PR approved on its head with a green check: ready to merge.</summary>
    public SimulatedPullRequest ReadyPullRequest(string repository, int number) =>
        GitHub.Repository(repository).PullRequest(number).Approve("alice").Check("build", "completed", "success");

    /// <summary>A pipeline that passes (at the given pace); once GitHub shows it green, the merged SHA runs on the target.</summary>
    public PipelineScript PipelineLandingOn(string target, Pace? pace = null) =>
        PipelineScript.Succeeding(pace: pace) with { WhenSucceeded = sha => Targets[target].Land(sha) };

    /// <summary>The deploy workflow of a rollout as README's contract has it: a Deployment with a weight splits the target's traffic
    /// between its canary and stable SHAs (none stable yet: the canary alone); without one, its SHA lands.</summary>
    public PipelineScript RolloutLandingOn(string target, CreatedDeployment deployment, Action? then = null) => PipelineScript.Succeeding() with
    {
        DeploymentStatuses = [new("in_progress"), new("success")],
        WhenSucceeded = _ =>
        {
            if (deployment is { Weight: { } weight, Canary: { } canary, Stable: { } stable })
                Targets[target].Split(canary, stable, weight);
            else
                Targets[target].Land(deployment.Canary ?? deployment.Sha);
            then?.Invoke();
        },
    };

    /// <summary>Sends the request to the queue `deploy` as a person would through the management UI.</summary>
    public async Task SendToDeployQueue(string body, string contentType = "application/json") =>
        Assert.That(await Broker.PublishToQueue(DeployRequestedConsumerDefinition.QueueName, body, contentType), Is.True,
            "the broker routed the request to no queue");

    /// <summary>The deploy of the PR to the target as the saga store holds it now, or null; read from PostgreSQL, so that it
    /// works with the service in this process or in processes of its own.</summary>
    public Task<DeployState?> Deploy(string repository, int prNumber, string target = "staging") =>
        new SagaStore(Database).Deploy(DeployIdentity.DeployId(repository, prNumber, target));

    /// <summary>Polls the saga store until the deploy is in one of <paramref name="states"/> or the bound passes; returns the last seen.</summary>
    public Task<DeployState?> WaitForDeploy(string repository, int prNumber, TimeSpan timeout, params string[] states) =>
        Eventually.Poll(() => Deploy(repository, prNumber), d => d is not null && states.Contains(d.CurrentState), timeout);

    /// <summary>
    /// When the scheduler is to send the message scheduled under <paramref name="token"/>, as PostgreSQL holds it; null
    /// when nothing is pending.
    /// </summary>
    public async Task<DateTimeOffset?> PendingScheduleDueAt(Guid token)
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"""SELECT "DueAt" FROM {ScheduledMessageMap.Table} WHERE "TokenId" = @token AND "CancelledAt" IS NULL""", connection);
        command.Parameters.AddWithValue("token", token);
        return await command.ExecuteScalarAsync() is DateTime dueAt ? new DateTimeOffset(dueAt, TimeSpan.Zero) : null;
    }

    public IDeployHistory History => AnyService.Services.GetRequiredService<IDeployHistory>();

    /// <summary>This system's settings as environment variables, for a service started as a process of its own.</summary>
    public IReadOnlyDictionary<string, string?> EnvironmentVariables =>
        _settings.ToDictionary(setting => setting.Key.Replace(":", "__", StringComparison.Ordinal), setting => setting.Value);

    RunningService AnyService => _running.FirstOrDefault() ?? throw new InvalidOperationException("no instance of the service is running");

    Dictionary<string, string?> Settings(TimeSpan deployTimeout)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = Database.ConnectionString,
            ["ConnectionStrings:RabbitMq"] = VirtualHost.ConnectionString,
            ["DeployQueue:GitHub:BaseUrl"] = GitHub.BaseUrl.ToString(),
            ["DeployQueue:GitHub:PollInterval"] = PollInterval.ToString("c", CultureInfo.InvariantCulture),
            ["Hosting:SchedulerPollInterval"] = PollInterval.ToString("c", CultureInfo.InvariantCulture),
            ["Serilog:MinimumLevel"] = "Warning",
        };
        for (var i = 0; i < Repositories.Count; i++)
            settings[$"DeployQueue:Repositories:{i}"] = Repositories[i];
        foreach (var (name, target) in Targets)
        {
            foreach (var (setting, value) in target.ServiceSettings(name))
                settings[setting] = value;
            var key = $"DeployQueue:Targets:{name}:";
            settings[key + "MergeStrategy"] = "squash";
            settings[key + "RequiredApprovals"] = "1";
            settings[key + "Trigger"] = "Merge";
            settings[key + "Workflow"] = "deploy.yml";
            settings[key + "Timeouts:Merge"] = "00:01:00";
            settings[key + "Timeouts:Deploy"] = deployTimeout.ToString("c", CultureInfo.InvariantCulture);
            settings[key + "Timeouts:Smoke"] = "00:00:30";
        }
        return settings;
    }

    /// <summary>The service's own queues (not the public `deploy` nor the downstream ones), with their error queues.</summary>
    static IEnumerable<string> ServiceQueues()
    {
        var names = KebabCaseEndpointNameFormatter.Instance;
        string[] queues =
        [
            names.Saga<DeployState>(), names.Saga<LaneState>(), names.Saga<MonitorState>(),
            names.Consumer<MergePullRequestConsumer>(), names.Consumer<WatchDeploymentConsumer>(), names.Consumer<RunSmokeTestsConsumer>(),
            names.Consumer<GitHubChangeNoticedConsumer>(), names.Consumer<RunMonitoringChecksConsumer>(),
            names.Consumer<RollBackTargetConsumer>(), names.Consumer<VerifyRollbackConsumer>(),
            new PostgresSchedulerOptions().QueueName,
        ];
        return queues.SelectMany(q => new[] { q, q + "_error" });
    }

    async Task PurgeServiceQueues()
    {
        foreach (var queue in ServiceQueues())
            await Broker.PurgeQueue(queue);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var service in _running.ToList())
            await StopService(service);
        // Commands in flight when the hosts stopped, and every message published for this fixture, go with it.
        await PurgeServiceQueues();
        await Inbox.Collect();
        await GitHub.DisposeAsync();
        foreach (var target in Targets.Values)
            await target.DisposeAsync();
        await Database.DisposeAsync();
        Broker.Dispose();
        await VirtualHost.DisposeAsync();
    }
}
