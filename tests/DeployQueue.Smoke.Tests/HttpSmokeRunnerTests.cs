using DeployQueue.Contracts;
using DeployQueue.Domain.Configuration;
using DeployQueue.Domain.Policies;
using DeployQueue.Domain.Ports;
using DeployQueue.Simulators.Target;
using Microsoft.Extensions.DependencyInjection;

namespace DeployQueue.Smoke.Tests;

/// <summary>Every outcome of a smoke run, against the target simulator over real HTTP on loopback.</summary>
[TestFixture]
public class HttpSmokeRunnerTests
{
    const string MergeSha = "4f2c9e1d8b7a6c5e4d3f2a1b0c9d8e7f6a5b4c3d";
    const string Target = "staging";
    static readonly TimeSpan ShortGrace = TimeSpan.FromMilliseconds(300);

    TargetSimulator simulator = null!;
    readonly List<ServiceProvider> providers = [];

    [SetUp]
    public async Task StartSimulator()
    {
        simulator = await TargetSimulator.StartAsync(Target, runningVersion: "0000000000000000000000000000000000000000");
        simulator.Land(MergeSha);
    }

    [TearDown]
    public async Task StopSimulator()
    {
        await simulator.DisposeAsync();
        foreach (var provider in providers)
            await provider.DisposeAsync();
        providers.Clear();
    }

    [Test]
    public async Task A_healthy_target_running_the_merge_sha_passes_every_check()
    {
        var report = await Run(TargetWith(Products(jsonEquals: "items.0.name=Widget", bodyContains: "Widget", maxLatencyMs: 5000)));

        Assert.That(report.Passed, Is.True, Describe(report));
        Assert.That(report.Results.Select(r => (r.Name, r.Kind)), Is.EqualTo(new[]
        {
            ("health /health", SmokeCheckKind.Health),
            ("version /version", SmokeCheckKind.Version),
            ("GET /api/products", SmokeCheckKind.Api),
            ("GET /api/products latency", SmokeCheckKind.Latency),
        }));
        Assert.That(SmokeFailurePolicy.ToProblems(Target, report), Is.Empty);
    }

    [Test]
    public async Task Two_checks_of_one_endpoint_have_distinct_names()
    {
        var report = await Run(TargetWith(Products(), Products(bodyContains: "Widget", maxLatencyMs: 5000)));

        Assert.That(report.Results.Select(r => r.Name), Is.Unique);
        Assert.That(report.Results.Select(r => r.Name), Does.Contain("GET /api/products (2)").And.Contain("GET /api/products (2) latency"));
    }

    [Test]
    public async Task A_health_endpoint_answering_503_fails_after_the_startup_grace_as_a_health_check_failure()
    {
        simulator.SetFaults(new TargetFaults { Unavailable = true });

        var report = await Run(TargetWith(Products()), ShortGrace);

        var health = report.Results.Single();
        Assert.That(health.Passed, Is.False);
        Assert.That(health.Expected, Is.EqualTo("HTTP 200"));
        Assert.That(health.Actual, Does.StartWith("HTTP 503 after").And.EndWith(": Service Unavailable"));
        Assert.That(simulator.RequestCount, Is.GreaterThan(1), "re-checked during the grace");
        var problem = SmokeFailurePolicy.ToProblems(Target, report).Single();
        Assert.That(problem.Kind, Is.EqualTo(FixTaskKind.HealthCheckFailure));
        Assert.That(problem.Summary, Does.StartWith("health /health: expected HTTP 200"));
    }

    [Test]
    public async Task A_service_still_starting_passes_once_it_comes_up_within_the_grace()
    {
        simulator.Land(MergeSha, new TargetFaults { HealthyAfterRequests = 3 });

        var report = await Run(TargetWith(Products()), startupGrace: TimeSpan.FromSeconds(10));

        Assert.That(report.Passed, Is.True, Describe(report));
        Assert.That(simulator.RequestCount, Is.EqualTo(3 + 3), "three answers while starting, then health, version and the API check");
    }

    [Test]
    public async Task An_answer_slower_than_its_latency_bound_is_a_latency_failure()
    {
        simulator.SetFaults(new TargetFaults { Latency = TimeSpan.FromMilliseconds(300) });

        var report = await Run(TargetWith(Products(maxLatencyMs: 100)));

        var latency = report.Results.Single(r => r.Kind == SmokeCheckKind.Latency);
        Assert.That(report.Results.Single(r => r.Kind == SmokeCheckKind.Api).Passed, Is.True, "the answer itself is right");
        Assert.That(latency.Passed, Is.False);
        Assert.That(latency.LatencyMs, Is.GreaterThan(100), "slower than its bound");
        Assert.That(latency.Expected, Is.EqualTo("an answer within 100 ms"));
        Assert.That(latency.Actual, Does.StartWith("HTTP 200 after "));
        Assert.That(SmokeFailurePolicy.ToProblems(Target, report).Single().Kind, Is.EqualTo(FixTaskKind.HealthCheckFailure));
    }

    [Test]
    public async Task A_slow_answer_that_the_next_two_tries_do_not_repeat_passes()
    {
        // Health, version, then the API check: only its first try is slow.
        simulator.SetFaults(new TargetFaults { Latency = TimeSpan.FromMilliseconds(300), SlowRequests = 3 });

        var report = await Run(TargetWith(Products(maxLatencyMs: 200)));

        Assert.That(report.Passed, Is.True, Describe(report));
        var latency = report.Results.Single(r => r.Kind == SmokeCheckKind.Latency);
        Assert.That(latency.LatencyMs, Is.LessThanOrEqualTo(200), "the middle try is judged");
        Assert.That(latency.Actual, Does.Match(@"\(the middle of 3 tries: \d{3,} ms, \d+ ms, \d+ ms\)$"));
        Assert.That(simulator.RequestCount, Is.EqualTo(5), "health, version, three tries");
    }

    [Test]
    public async Task A_slow_answer_repeated_by_the_second_try_fails_without_a_third()
    {
        simulator.SetFaults(new TargetFaults { Latency = TimeSpan.FromMilliseconds(300) });

        var report = await Run(TargetWith(Products(maxLatencyMs: 100)));

        var latency = report.Results.Single(r => r.Kind == SmokeCheckKind.Latency);
        Assert.That(latency.Passed, Is.False);
        Assert.That(latency.Actual, Does.Match(@"^HTTP 200 after \d+ ms: .* \(the middle of 2 tries: \d+ ms, \d+ ms\)$"));
        Assert.That(simulator.RequestCount, Is.EqualTo(4), "health, version, two tries");
    }

    [Test]
    public async Task An_api_request_that_times_out_once_is_tried_again()
    {
        simulator.SetFaults(new TargetFaults { Latency = TimeSpan.FromSeconds(30), SlowRequests = 1 });
        var apiOnly = new TargetOptions { BaseUrl = simulator.BaseUrl, SmokeTests = [Products()] };

        var report = await Run(apiOnly, requestTimeout: TimeSpan.FromMilliseconds(500));

        Assert.That(report.Passed, Is.True, Describe(report));
        Assert.That(report.Results.Single().Actual, Does.Match(@"\(the middle of 3 tries: no answer within 500 ms, \d+ ms, \d+ ms\)$"));
        Assert.That(simulator.RequestCount, Is.EqualTo(3), "three tries");
    }

    [Test]
    public async Task A_body_without_the_expected_text_fails_the_api_check()
    {
        var report = await Run(TargetWith(Products(bodyContains: "Gadget", jsonEquals: null)));

        var api = report.Results.Single(r => r.Kind == SmokeCheckKind.Api);
        Assert.That(api.Passed, Is.False);
        Assert.That(api.Expected, Is.EqualTo("HTTP 200, body containing \"Gadget\""));
        Assert.That(api.Actual, Does.Contain("\"name\":\"Widget\""));
    }

    [Test]
    public async Task A_json_value_other_than_expected_fails_the_api_check_and_says_what_it_was()
    {
        simulator.MapApi("GET", "/api/status", new SimulatedResponse(200, """{"db":{"status":"degraded"}}"""));

        var report = await Run(TargetWith(new SmokeTestOptions { Path = "/api/status", JsonEquals = "db.status=ok" }));

        var api = report.Results.Single(r => r.Kind == SmokeCheckKind.Api);
        Assert.That(api.Passed, Is.False);
        Assert.That(api.Expected, Is.EqualTo("HTTP 200, JSON db.status=ok"));
        Assert.That(api.Actual, Does.StartWith("HTTP 200 after ").And.Contain("JSON db.status = \"degraded\""));
    }

    [Test]
    public async Task An_api_answering_another_status_fails_while_health_passes()
    {
        simulator.MapApi("POST", "/api/orders", new SimulatedResponse(500, "Internal Server Error", "text/plain"));

        var report = await Run(TargetWith(new SmokeTestOptions { Method = "post", Path = "/api/orders", ExpectStatus = 201 }));

        Assert.That(report.Results.Where(r => !r.Passed).Select(r => r.Name), Is.EqualTo(new[] { "POST /api/orders" }));
        Assert.That(report.Results.Single(r => !r.Passed).Actual, Does.StartWith("HTTP 500 after "));
    }

    [Test]
    public async Task A_target_running_another_version_fails_the_version_check_and_no_api_check_runs()
    {
        simulator.Land("9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b");

        var report = await Run(TargetWith(Products()), ShortGrace);

        var version = report.Results.Last();
        Assert.That(version.Kind, Is.EqualTo(SmokeCheckKind.Version));
        Assert.That(version.Passed, Is.False);
        Assert.That(version.Expected, Is.EqualTo($"running version {MergeSha} (or 4f2c9e1)"));
        Assert.That(version.Actual, Does.Contain("9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b"));
        Assert.That(report.Results.Any(r => r.Kind == SmokeCheckKind.Api), Is.False);
        Assert.That(SmokeFailurePolicy.ToProblems(Target, report).Single().Kind, Is.EqualTo(FixTaskKind.HealthCheckFailure));
    }

    [Test]
    public async Task A_target_running_another_sha_with_the_same_first_seven_characters_fails_the_version_check()
    {
        var lookalike = MergeSha[..7] + new string(MergeSha[7..].Select(c => c == '0' ? '1' : '0').ToArray());
        simulator.Land(lookalike);

        var report = await Run(TargetWith(), ShortGrace);

        var version = report.Results.Single(r => r.Kind == SmokeCheckKind.Version);
        Assert.That(version.Passed, Is.False, version.Actual);
        Assert.That(version.Actual, Does.Contain(lookalike));
    }

    [Test]
    public async Task A_version_endpoint_answering_the_short_sha_in_plain_text_passes()
    {
        simulator.VersionFormat = VersionFormat.PlainText;
        simulator.Land(MergeSha[..7]);

        var report = await Run(TargetWith());

        Assert.That(report.Passed, Is.True, Describe(report));
        Assert.That(report.Results.Single(r => r.Kind == SmokeCheckKind.Version).Actual, Does.EndWith(": 4f2c9e1"));
    }

    [Test]
    public async Task A_service_that_crashes_after_two_requests_fails_as_a_crash()
    {
        simulator.Land(MergeSha, new TargetFaults { CrashAfterRequests = 2 });

        var report = await Run(TargetWith(Products(), Products(bodyContains: "ok")));

        var failed = report.Results.Single(r => !r.Passed);
        Assert.That(failed.Name, Is.EqualTo("GET /api/products"), "health and version were answered, the first API check was not, and no other ran");
        Assert.That(failed.Actual, Is.EqualTo("connection closed before an answer"));
        Assert.That(SmokeFailurePolicy.ToProblems(Target, report).Single().Kind, Is.EqualTo(FixTaskKind.ServiceCrash));
    }

    [Test]
    public async Task A_500_with_a_stack_trace_fails_as_a_crash()
    {
        simulator.SetFaults(new TargetFaults { ServerError = true });

        var report = await Run(TargetWith(), ShortGrace);

        Assert.That(report.Results.Single().Actual, Does.StartWith("HTTP 500 after ").And.Contain("Unhandled exception"));
        Assert.That(SmokeFailurePolicy.ToProblems(Target, report).Single().Kind, Is.EqualTo(FixTaskKind.ServiceCrash));
    }

    [Test]
    public async Task A_target_refusing_connections_fails_as_a_crash_without_an_exception()
    {
        await simulator.StopAsync();

        var report = await Run(TargetWith(Products()), ShortGrace);

        Assert.That(report.Results.Single().Actual, Is.EqualTo("connection refused"));
        var problem = SmokeFailurePolicy.ToProblems(Target, report).Single();
        Assert.That(problem.Kind, Is.EqualTo(FixTaskKind.ServiceCrash));
        Assert.That(problem.Component, Is.EqualTo(Target));
        Assert.That(problem.Stage, Is.EqualTo(DeployStage.Smoke));
    }

    [Test]
    public async Task A_target_that_does_not_answer_within_the_request_timeout_fails_as_a_crash()
    {
        simulator.SetFaults(new TargetFaults { Latency = TimeSpan.FromSeconds(30) });

        var report = await Run(TargetWith(), startupGrace: TimeSpan.Zero, requestTimeout: TimeSpan.FromMilliseconds(200));

        Assert.That(report.Results.Single().Actual, Is.EqualTo("no answer within 200 ms"));
        Assert.That(SmokeFailurePolicy.ToProblems(Target, report).Single().Kind, Is.EqualTo(FixTaskKind.ServiceCrash));
    }

    TargetOptions TargetWith(params SmokeTestOptions[] smokeTests) => new()
    {
        BaseUrl = simulator.BaseUrl,
        HealthChecks = [new HealthCheckOptions { Path = TargetSimulator.HealthPath, ExpectStatus = 200 }],
        VersionPath = TargetSimulator.VersionPath,
        SmokeTests = [.. smokeTests],
    };

    static SmokeTestOptions Products(string? bodyContains = null, string? jsonEquals = "status=ok", int? maxLatencyMs = null) => new()
    {
        Path = TargetSimulator.ProductsPath,
        BodyContains = bodyContains,
        JsonEquals = jsonEquals,
        MaxLatencyMs = maxLatencyMs,
    };

    Task<SmokeReport> Run(TargetOptions target, TimeSpan? startupGrace = null, TimeSpan? requestTimeout = null)
    {
        var provider = new ServiceCollection()
            .AddSmokeChecks(options =>
            {
                options.StartupGrace = startupGrace ?? TimeSpan.FromSeconds(3);
                options.RequestTimeout = requestTimeout ?? TimeSpan.FromSeconds(2);
            })
            .BuildServiceProvider();
        providers.Add(provider);
        return provider.GetRequiredService<ISmokeRunner>().Run(Target, target, MergeSha, CancellationToken.None);
    }

    static string Describe(SmokeReport report) =>
        string.Join("\n", report.Results.Select(r => $"{r.Name} passed={r.Passed} expected={r.Expected} actual={r.Actual}"));
}
