using DeployQueue.Contracts;
using DeployQueue.Domain.Configuration;
using DeployQueue.Domain.Consumers;
using DeployQueue.Simulators.Target;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DeployQueue.Smoke.Tests;

/// <summary>
/// The smoke consumer with the HTTP runner against the target simulator (issue 12, item 5): a target that serves the
/// new version only after the run's startup grace is pending until the smoke deadline, not failed.
/// </summary>
[TestFixture]
public class SmokeRunUntilDeadlineTests
{
    const string MergeSha = "4f2c9e1d8b7a6c5e4d3f2a1b0c9d8e7f6a5b4c3d";
    const string OldSha = "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b";
    const string Target = "staging";

    TargetSimulator simulator = null!;
    ServiceProvider provider = null!;
    ITestHarness harness = null!;

    [SetUp]
    public async Task Start()
    {
        simulator = await TargetSimulator.StartAsync(Target, runningVersion: OldSha);
        provider = new ServiceCollection()
            .Configure<DeployQueueOptions>(options => options.Targets[Target] = new TargetOptions
            {
                BaseUrl = simulator.BaseUrl,
                HealthChecks = [new HealthCheckOptions { Path = TargetSimulator.HealthPath }],
                VersionPath = TargetSimulator.VersionPath,
                SmokeTests = [new SmokeTestOptions { Path = TargetSimulator.ProductsPath, JsonEquals = "status=ok" }],
            })
            .AddSingleton(TimeProvider.System)
            .AddSingleton<TargetCatalog>()
            .AddSmokeChecks(options => options.StartupGrace = TimeSpan.FromMilliseconds(300))
            .AddMassTransitTestHarness(x => x.AddConsumer<RunSmokeTestsConsumer>())
            .BuildServiceProvider(true);
        harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
    }

    [TearDown]
    public async Task Stop()
    {
        await harness.Stop();
        await provider.DisposeAsync();
        await simulator.DisposeAsync();
    }

    [Test]
    public async Task A_target_still_running_the_old_version_before_the_deadline_is_pending_then_passes_once_the_new_version_lands()
    {
        var notYet = await Run<SmokeTestsPending>(DateTimeOffset.UtcNow.AddMinutes(1));
        simulator.Land(MergeSha);
        await Run<SmokeTestsPassed>(DateTimeOffset.UtcNow.AddMinutes(1));

        Assert.Multiple(() =>
        {
            Assert.That(notYet.NotReady, Does.StartWith("version /version: expected running version").And.Contain(OldSha));
            Assert.That(harness.Published.Select<SmokeTestsFailed>().Any(), Is.False);
        });
    }

    [Test]
    public async Task An_unhealthy_target_before_the_deadline_is_pending()
    {
        simulator.SetFaults(new TargetFaults { Unavailable = true });

        var notYet = await Run<SmokeTestsPending>(DateTimeOffset.UtcNow.AddMinutes(1));

        Assert.That(notYet.NotReady, Does.StartWith("health /health: expected HTTP 200, got HTTP 503"));
    }

    [Test]
    public async Task At_the_deadline_a_target_still_running_the_old_version_fails_as_a_health_check_failure()
    {
        var failed = await Run<SmokeTestsFailed>(DateTimeOffset.UtcNow);

        var problem = failed.Problems.Single();
        Assert.That(problem.Kind, Is.EqualTo(FixTaskKind.HealthCheckFailure));
        Assert.That(problem.Summary, Does.Contain(OldSha));
    }

    [Test]
    public async Task A_failing_api_check_on_the_new_version_fails_before_the_deadline()
    {
        simulator.Land(MergeSha);
        provider.GetRequiredService<TargetCatalog>()[Target].SmokeTests[0].JsonEquals = "status=degraded";

        var failed = await Run<SmokeTestsFailed>(DateTimeOffset.UtcNow.AddMinutes(1));

        Assert.That(failed.Problems.Single().Summary, Does.StartWith("GET /api/products"));
    }

    /// <summary>
    /// Sends one smoke command with <paramref name="deadline"/> and waits, bounded, for its result, which must be a
    /// <typeparamref name="TResult"/>.
    /// </summary>
    async Task<TResult> Run<TResult>(DateTimeOffset deadline) where TResult : class
    {
        var command = new RunSmokeTests { DeployId = NewId.NextGuid(), Attempt = 1, Target = Target, MergeSha = MergeSha, Deadline = deadline };
        await harness.Bus.Publish(command);

        // Polled, not the harness's Any: that gives up for good once the harness has been idle for a while.
        var bound = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (DateTime.UtcNow < bound)
        {
            if (ResultsOf(command).FirstOrDefault() is { } result)
            {
                Assert.That(result, Is.InstanceOf<TResult>(), "the run's result");
                return (TResult)result;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }
        Assert.Fail($"the run reported nothing within 15 s; {typeof(TResult).Name} expected");
        throw new InvalidOperationException("unreachable");
    }

    IEnumerable<object> ResultsOf(RunSmokeTests command) =>
        harness.Published.Select<SmokeTestsPassed>(x => x.Context.Message.DeployId == command.DeployId).Select(x => (object)x.Context.Message)
            .Concat(harness.Published.Select<SmokeTestsPending>(x => x.Context.Message.DeployId == command.DeployId).Select(x => x.Context.Message))
            .Concat(harness.Published.Select<SmokeTestsFailed>(x => x.Context.Message.DeployId == command.DeployId).Select(x => x.Context.Message));
}
