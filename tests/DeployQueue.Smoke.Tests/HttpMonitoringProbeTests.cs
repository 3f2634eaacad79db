using DeployQueue.Contracts;
using DeployQueue.Domain.Configuration;
using DeployQueue.Domain.Ports;
using DeployQueue.Simulators.Target;
using Microsoft.Extensions.DependencyInjection;

namespace DeployQueue.Smoke.Tests;

/// <summary>
/// One monitoring interval's samples against the target simulator's scripted degradations (issue 15), over real HTTP on
/// loopback: each degradation, once due, fails the check that watches for it with the fix task kind it calls for; one
/// not due yet fails nothing.
/// </summary>
[TestFixture]
public class HttpMonitoringProbeTests
{
    const string Previous = "1111111111111111111111111111111111111111";
    const string Release = "4f2c9e1d8b7a6c5e4d3f2a1b0c9d8e7f6a5b4c3d";
    static readonly TimeSpan Now = TimeSpan.Zero;
    static readonly TimeSpan Later = TimeSpan.FromHours(1);

    TargetSimulator simulator = null!;
    ServiceProvider provider = null!;

    [SetUp]
    public async Task Start()
    {
        simulator = await TargetSimulator.StartAsync("production", runningVersion: Previous);
        simulator.Land(Release);
        provider = new ServiceCollection().AddSmokeChecks().BuildServiceProvider();
    }

    [TearDown]
    public async Task Stop()
    {
        await provider.DisposeAsync();
        await simulator.DisposeAsync();
    }

    [Test]
    public async Task A_healthy_release_passes_every_check()
    {
        var samples = await Sample();

        Assert.That(samples.Select(s => (s.Check, s.Verdict)), Is.EqualTo(new[]
        {
            ($"GET {TargetSimulator.ProductsPath}", MonitoringVerdict.Passed),
            ($"version {TargetSimulator.VersionPath}", MonitoringVerdict.Passed),
        }));
    }

    [Test]
    public async Task An_error_rate_that_has_risen_to_every_request_fails_the_status_check_as_a_health_check_failure()
    {
        simulator.Degrade(new TargetDegradation { ErrorRateGrowthPerSecond = 1_000 });

        var status = (await Sample()).Single(s => s.Check == $"GET {TargetSimulator.ProductsPath}");

        Assert.Multiple(() =>
        {
            Assert.That(status.Verdict, Is.EqualTo(MonitoringVerdict.Failed));
            Assert.That(status.Kind, Is.EqualTo(FixTaskKind.HealthCheckFailure));
            Assert.That(status.Observed, Does.StartWith("5 of 5 requests failed").And.Contain("500"));
        });
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task A_crash_loop_once_due_fails_the_status_check_as_a_service_crash(bool due)
    {
        simulator.Degrade(new TargetDegradation { CrashLoopAfter = due ? Now : Later });

        var status = (await Sample()).Single(s => s.Check == $"GET {TargetSimulator.ProductsPath}");

        Assert.That((status.Verdict, status.Kind), Is.EqualTo(due
            ? (MonitoringVerdict.Failed, FixTaskKind.ServiceCrash)
            : (MonitoringVerdict.Passed, FixTaskKind.HealthCheckFailure)));
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task A_version_that_flips_back_once_due_fails_the_version_check_naming_what_is_served(bool due)
    {
        simulator.Degrade(new TargetDegradation { VersionFlipsBackAfter = due ? Now : Later });

        var version = (await Sample()).Single(s => s.Check == $"version {TargetSimulator.VersionPath}");

        Assert.That(version.Verdict, Is.EqualTo(due ? MonitoringVerdict.Failed : MonitoringVerdict.Passed));
        if (due)
            Assert.That(version.Observed, Does.Contain(Previous), "the version served again");
    }

    [TestCase(null, new[] { MonitoringVerdict.Failed, MonitoringVerdict.Passed })]
    [TestCase(Previous, new[] { MonitoringVerdict.Passed, MonitoringVerdict.Passed })]
    public async Task During_a_canary_step_the_version_check_passes_on_either_version(string? stable, MonitoringVerdict[] expected)
    {
        // One request in two on the release, the first on the stable version.
        simulator.Split(Release, Previous, 50);

        var first = await Sample(stable, versionOnly: true);
        var second = await Sample(stable, versionOnly: true);

        Assert.That(new[] { first, second }.Select(samples => samples.Single().Verdict), Is.EqualTo(expected),
            "the stable version's answer passes only while a canary step shares the traffic with it");
    }

    [Test]
    public async Task A_degradation_of_the_canary_only_fails_the_requests_the_canary_answers()
    {
        simulator.Split(Release, Previous, 50);
        simulator.Degrade(new TargetDegradation { ErrorRateGrowthPerSecond = 1_000, CanaryOnly = true });

        var status = (await Sample()).Single(s => s.Check == $"GET {TargetSimulator.ProductsPath}");

        // Six requests (five of the check, one of the version): three on the canary.
        Assert.That(status.Observed, Does.Match("^[23] of 5 requests failed"), "the canary's requests fail, the stable version's do not");
    }

    [Test]
    public async Task A_blue_green_preview_is_checked_at_its_own_url_and_the_live_target_is_not_asked()
    {
        await using var green = await TargetSimulator.StartAsync("production-green", runningVersion: Release);
        simulator.Land(Previous);
        green.MapApi("GET", TargetSimulator.ProductsPath, new SimulatedResponse(503, "no database", "text/plain"));
        var liveRequests = simulator.RequestCount;

        var samples = await Sample(previewUrl: green.BaseUrl);

        Assert.Multiple(() =>
        {
            Assert.That(samples.Select(s => (s.Check, s.Verdict)), Is.EqualTo(new[]
            {
                ($"GET {TargetSimulator.ProductsPath}", MonitoringVerdict.Failed),
                ($"version {TargetSimulator.VersionPath}", MonitoringVerdict.Passed),
            }), "the preview's failing products fail its check; it serves the release");
            Assert.That(green.RequestCount, Is.EqualTo(6), "five requests of the check and one of the version, all at the preview");
            Assert.That(simulator.RequestCount, Is.EqualTo(liveRequests), "the live target, serving the stable version, is not asked");
        });
    }

    Task<IReadOnlyList<MonitoringCheckSample>> Sample(string? stableSha = null, bool versionOnly = false, string? previewUrl = null) =>
        provider.GetRequiredService<IMonitoringProbe>().Sample("production", new TargetOptions
        {
            BaseUrl = simulator.BaseUrl,
            VersionPath = TargetSimulator.VersionPath,
            Monitoring = new MonitoringOptions
            {
                Window = TimeSpan.FromMinutes(1),
                Checks = versionOnly ? [] : [new MonitoringCheckOptions { Type = MonitoringCheckType.Http, Path = TargetSimulator.ProductsPath }],
            },
        }, Release, stableSha, previewUrl, CancellationToken.None);
}
