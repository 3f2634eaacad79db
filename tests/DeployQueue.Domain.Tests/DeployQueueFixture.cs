using System.Diagnostics;
using DeployQueue.Contracts;
using DeployQueue.Domain.Configuration;
using DeployQueue.Domain.Policies;
using DeployQueue.Domain.Ports;
using DeployQueue.Domain.StateMachines;
using DeployQueue.Domain.Tests.Fakes;
using DeployQueue.Service.Hosting;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DeployQueue.Domain.Tests;

/// <summary>
/// One test harness per scenario: the deploy queue's sagas and consumers on MassTransit's in-memory
/// transport, with scripted GitHub and smoke-check ports, three targets and short timeouts.
/// </summary>
public abstract class DeployQueueFixture
{
    protected const string Shop = "acme/shop";
    protected static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(3);
    protected static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    ServiceProvider _provider = null!;

    protected ITestHarness Harness { get; private set; } = null!;
    protected ISagaStateMachineTestHarness<DeployStateMachine, DeployState> Deploys { get; private set; } = null!;
    protected DeployStateMachine Machine { get; private set; } = null!;
    protected ScriptedGitHub GitHub { get; private set; } = null!;
    protected ScriptedSmoke Smoke { get; private set; } = null!;
    protected ScriptedMonitoring Monitoring { get; private set; } = null!;
    protected MessageTap Tap { get; private set; } = null!;

    /// <summary>The clock the deploys' deadlines are stamped and judged with (the database's, in the service).</summary>
    protected virtual TimeProvider Clock => TimeProvider.System;

    [SetUp]
    public async Task StartHarness()
    {
        GitHub = new ScriptedGitHub();
        Smoke = new ScriptedSmoke();
        Monitoring = new ScriptedMonitoring();
        Tap = new MessageTap();
        _provider = new ServiceCollection()
            .Configure<DeployQueueOptions>(Configure)
            .PostConfigure<DeployQueueOptions>(Adjust)
            .AddSingleton<IPullRequestGateway>(GitHub)
            .AddSingleton<IDeploymentGateway>(GitHub)
            .AddSingleton<ISmokeRunner>(Smoke)
            .AddSingleton<IMonitoringProbe>(Monitoring)
            .AddSingleton(Clock)
            .AddMassTransitTestHarness(x => x.UseEmbeddedProfile(
                bus =>
                {
                    bus.AddDeployQueue();
                    bus.SetTestTimeouts(testTimeout: Wait, testInactivityTimeout: TimeSpan.FromSeconds(1));
                },
                cfg => cfg.UseFilter(Tap)))
            .BuildServiceProvider(true);

        Harness = _provider.GetRequiredService<ITestHarness>();
        await Harness.Start();
        Deploys = Harness.GetSagaStateMachineHarness<DeployStateMachine, DeployState>();
        Machine = Deploys.StateMachine;
    }

    [TearDown]
    public async Task StopHarness()
    {
        await Harness.Stop();
        await _provider.DisposeAsync();
    }

    /// <summary>A scenario's own settings, over the fixture's.</summary>
    protected virtual void Adjust(DeployQueueOptions options)
    {
    }

    static void Configure(DeployQueueOptions options)
    {
        options.GitHub.PollInterval = TimeSpan.FromMilliseconds(100);
        options.GitHub.MergeGrace = StepTimeout;
        options.LaneRecheck = TimeSpan.FromMilliseconds(400);
        options.SmokeRecheck = TimeSpan.FromMilliseconds(100);
        options.Repositories = [Shop, "acme/api"];
        var timeouts = new TimeoutOptions { Merge = StepTimeout, Deploy = StepTimeout, Smoke = StepTimeout };
        options.Targets["staging"] = new TargetOptions
        {
            BaseUrl = "https://staging.shop.example", Trigger = DeployTrigger.Merge, Workflow = "deploy.yml",
            Priority = TaskPriority.High, Timeouts = timeouts,
        };
        options.Targets["production"] = new TargetOptions
        {
            BaseUrl = "https://shop.example", Trigger = DeployTrigger.Deployment, Workflow = "deploy-production.yml",
            RequiresSuccessOn = "staging", Priority = TaskPriority.Critical, RollbackOnCriticalFailure = true, Timeouts = timeouts,
        };
        options.Targets["preview"] = new TargetOptions { BaseUrl = "https://preview.shop.example", Timeouts = timeouts };
        options.Targets["prod-eu"] = new TargetOptions { Environment = "production", BaseUrl = "https://eu.shop.example", Timeouts = timeouts };
    }

    protected static DeployRequested Request(int prNumber, string target = "staging", TaskPriority? priority = null, string repository = Shop) => new()
    {
        // Each call is a request of its own, as each task of an upstream stage is.
        TaskId = $"deploy-{prNumber}-{target}-{Guid.NewGuid():N}",
        Title = $"Deploy PR #{prNumber}",
        Repository = repository,
        PrNumber = prNumber,
        PrUrl = $"https://github.com/{repository}/pull/{prNumber}",
        Branch = $"feature/pr-{prNumber}",
        FeatureName = $"feature {prNumber}",
        Target = target,
        CommitBuildTaskId = $"build-{prNumber}",
        Priority = priority,
    };

    protected static Guid IdOf(int prNumber, string target = "staging", string repository = Shop) =>
        DeployIdentity.DeployId(repository, prNumber, target);

    protected Task Send(DeployRequested request) => Harness.Bus.Publish(request);

    /// <summary>Waits, bounded, until the deploy is in <paramref name="state"/>; fails the test otherwise.</summary>
    protected async Task<DeployState> Reaches(Guid deployId, Func<DeployStateMachine, State> state)
    {
        var found = await Deploys.Exists(deployId, state, Wait);
        var instance = Deploys.Sagas.Contains(deployId);
        Assert.That(found, Is.Not.Null,
            $"deploy {deployId} did not reach {state(Machine).Name}; it is {instance?.CurrentState ?? "absent"} ({instance?.Attempt.Outcome})");
        return instance!;
    }

    /// <summary>
    /// Waits, bounded, for a published message matching <paramref name="filter"/> and returns it. (Not the
    /// harness's Any: it gives up at the first second of inactivity, and a retrying consumer is inactive for longer.)
    /// </summary>
    protected Task<T> PublishedOne<T>(Func<T, bool> filter) where T : class =>
        Eventually(() => Published<T>(filter).FirstOrDefault(), $"no matching {typeof(T).Name} was published within {Wait}");

    /// <summary>Waits, bounded, until a message matching <paramref name="filter"/> has been consumed, and returns it.</summary>
    protected Task<T> ConsumedOne<T>(Func<T, bool> filter) where T : class =>
        Eventually(() => Harness.Consumed.Select<T>(x => filter(x.Context.Message)).Select(x => x.Context.Message).FirstOrDefault(),
            $"no matching {typeof(T).Name} was consumed within {Wait}");

    protected static Task<T> Eventually<T>(Func<T?> find, string failure) where T : class => Eventually(find, () => failure);

    /// <summary>Waits, bounded, until <paramref name="find"/> finds something; fails with <paramref name="failure"/>, said as things are then.</summary>
    protected static async Task<T> Eventually<T>(Func<T?> find, Func<string> failure) where T : class
    {
        var deadline = DateTime.UtcNow + Wait;
        while (DateTime.UtcNow < deadline)
        {
            if (find() is { } found)
                return found;
            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }
        Assert.Fail(failure());
        throw new UnreachableException();
    }

    /// <summary>What has been published so far.</summary>
    protected IReadOnlyList<T> Published<T>(Func<T, bool> filter) where T : class =>
        Harness.Published.Select<T>(x => filter(x.Context.Message)).Select(x => x.Context.Message).ToList();

    /// <summary>A first PR deployed to staging and production: production's last known good SHA.</summary>
    protected async Task<PullRequestScript> LiveOnProduction(int prNumber)
    {
        var pr = await PassedStaging(prNumber);
        await Send(Request(prNumber, "production"));
        await Reaches(IdOf(prNumber, "production"), m => m.Succeeded);
        return pr;
    }

    protected async Task<PullRequestScript> PassedStaging(int prNumber)
    {
        var pr = GitHub.PullRequest(Shop, prNumber);
        await Send(Request(prNumber, "staging"));
        await Reaches(IdOf(prNumber, "staging"), m => m.Succeeded);
        return pr;
    }

    protected IReadOnlyList<Announcement> AnnouncementsOf(Guid deployId) => Published<Announcement>(a => a.DeployId == deployId);

    protected ISagaStateMachineTestHarness<MonitorStateMachine, MonitorState> Monitors =>
        Harness.GetSagaStateMachineHarness<MonitorStateMachine, MonitorState>();

    /// <summary>Waits, bounded, until the lane's monitor is in <paramref name="state"/>, reading the saga as it is now.</summary>
    protected Task<MonitorState> MonitorReaches(Guid laneId, Func<MonitorStateMachine, State> state)
    {
        var name = state(Monitors.StateMachine).Name;
        return Eventually(() => Monitors.Sagas.Contains(laneId) is { } monitor && monitor.CurrentState == name ? monitor : null,
            () => Monitors.Sagas.Contains(laneId) is { } monitor
                ? $"the monitor of lane {laneId} did not reach {name}; it is {monitor.CurrentState} ({monitor.Outcome})"
                : $"lane {laneId} has no monitor");
    }

    /// <summary>Waits, bounded, until nobody holds the lane, and returns it.</summary>
    protected Task<LaneState> LaneFree(Guid laneId) =>
        Eventually(() => Harness.GetSagaStateMachineHarness<LaneStateMachine, LaneState>().Sagas.Contains(laneId) is { Holder: null } free ? free : null,
            $"lane {laneId} stayed held");
}
