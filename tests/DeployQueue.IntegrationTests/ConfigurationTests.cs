using System.Diagnostics;
using System.Text.Json;
using DeployQueue.Domain.Configuration;
using DeployQueue.GitHub;
using DeployQueue.IntegrationTests.Infrastructure;
using DeployQueue.Service.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DeployQueue.IntegrationTests;

/// <summary>
/// The service's configuration as an operator meets it: appsettings.json, environment overrides, and a start
/// refused with a message naming the key at fault.
/// </summary>
[TestFixture]
public class ConfigurationTests
{
    [TestCase("DeployQueue:Targets:staging:BaseUrl", "not a url", "DeployQueue:Targets:staging:BaseUrl must be an absolute http(s) URL")]
    [TestCase("DeployQueue:GitHub:BaseUrl", "ftp://github.example", "DeployQueue:GitHub:BaseUrl must be an absolute http(s) URL")]
    [TestCase("DeployQueue:GitHub:PollInterval", "00:00:00", "DeployQueue:GitHub:PollInterval must be a positive duration")]
    [TestCase("DeployQueue:GitHub:MergeGrace", "00:00:00", "DeployQueue:GitHub:MergeGrace must be a positive duration")]
    [TestCase("DeployQueue:LaneRecheck", "-00:00:01", "DeployQueue:LaneRecheck must be a positive duration")]
    [TestCase("DeployQueue:Repositories:0", "acme", "DeployQueue:Repositories:0 must be a repository as owner/name")]
    [TestCase("DeployQueue:Targets:staging:Timeouts:Deploy", "-00:01:00", "DeployQueue:Targets:staging:Timeouts:Deploy must be a positive duration")]
    [TestCase("DeployQueue:Targets:production:RequiresSuccessOn", "qa", "DeployQueue:Targets:production:RequiresSuccessOn must name another configured target")]
    [TestCase("DeployQueue:Targets:staging:RequiresSuccessOn", "staging", "DeployQueue:Targets:staging:RequiresSuccessOn must name another configured target")]
    [TestCase("DeployQueue:Targets:staging:Trigger", "7", "DeployQueue:Targets:staging:Trigger must be one of Merge, Deployment")]
    [TestCase("DeployQueue:Targets:staging:Workflow", "", "DeployQueue:Targets:staging:Workflow is required when Trigger is Merge")]
    [TestCase("DeployQueue:Targets:staging:Branch", " ", "DeployQueue:Targets:staging:Branch must name a branch")]
    [TestCase("DeployQueue:Targets:staging:Service", "orders\napi", "DeployQueue:Targets:staging:Service must be a service name")]
    [TestCase("DeployQueue:Targets:staging:MergeStrategy", "fast", "DeployQueue:Targets:staging:MergeStrategy")]
    [TestCase("DeployQueue:Targets:staging:SmokeTests:0:MaxLatencyMs", "0", "DeployQueue:Targets:staging:SmokeTests:0:MaxLatencyMs must be positive")]
    [TestCase("ConnectionStrings:RabbitMq", "127.0.0.1:5672", "ConnectionStrings:RabbitMq must be an absolute amqp:// URI")]
    [TestCase("DeployQueue:GitHub:Gate:RequiredChecks:0", " ", "DeployQueue:GitHub:Gate:RequiredChecks:0 must name a check run or status context")]
    [TestCase("DeployQueue:GitHub:Gate:MergeabilityRechecks", "-1", "DeployQueue:GitHub:Gate:MergeabilityRechecks must be zero or more")]
    [TestCase("DeployQueue:GitHub:Gate:MergeabilityRecheckDelay", "-00:00:01", "DeployQueue:GitHub:Gate:MergeabilityRecheckDelay must not be negative")]
    [TestCase("DeployQueue:GitHub:Retry:MaxAttempts", "0", "DeployQueue:GitHub:Retry:MaxAttempts must be 1 or more")]
    [TestCase("DeployQueue:GitHub:Retry:BaseDelay", "-00:00:01", "DeployQueue:GitHub:Retry:BaseDelay must not be negative")]
    [TestCase("DeployQueue:GitHub:Retry:AttemptTimeout", "00:00:00", "DeployQueue:GitHub:Retry:AttemptTimeout must be a positive duration")]
    [TestCase("DeployQueue:GitHub:Retry:MaxTotalWait", "soon", "DeployQueue:GitHub:Retry:MaxTotalWait")]
    [TestCase("DeployQueue:Smoke:RequestTimeout", "00:00:00", "DeployQueue:Smoke:RequestTimeout must be a positive duration")]
    [TestCase("DeployQueue:Smoke:StartupGrace", "-00:00:01", "DeployQueue:Smoke:StartupGrace must not be negative")]
    [TestCase("Hosting:SchedulerPollInterval", "00:00:00", "Hosting:SchedulerPollInterval must be a positive duration")]
    [TestCase("Hosting:RabbitMqClusterNodes:0", "rabbit-2:amqp", "Hosting:RabbitMqClusterNodes:0 must be a host or host:port")]
    [TestCase("DeployQueue:GitHub:Webhooks:Enabled", "true",
        "DeployQueue:GitHub:WebhookSecret (or GITHUB_WEBHOOK_SECRET) must be set when DeployQueue:GitHub:Webhooks:Enabled is true")]
    [TestCase("DeployQueue:GitHub:PollIntervalWithWebhooks", "00:00:00", "DeployQueue:GitHub:PollIntervalWithWebhooks must be a positive duration")]
    [TestCase("DeployQueue:GitHub:Webhooks:MaxBodyBytes", "0", "DeployQueue:GitHub:Webhooks:MaxBodyBytes must be a positive number of bytes")]
    [TestCase("DeployQueue:Targets:production:Monitoring:Interval", "01:00:00",
        "DeployQueue:Targets:production:Monitoring:Window (00:30:00) is shorter than DeployQueue:Targets:production:Monitoring:Interval (01:00:00)")]
    [TestCase("DeployQueue:Targets:production:Monitoring:FailureLimit", "0", "DeployQueue:Targets:production:Monitoring:FailureLimit must be at least 1")]
    [TestCase("DeployQueue:Targets:production:Monitoring:Checks:1:Query", " ",
        "DeployQueue:Targets:production:Monitoring:Checks:1:Query is required for a Prometheus check")]
    [TestCase("DeployQueue:Targets:production:Monitoring:Checks:1:Query", "errors{version=\"{{release}}\"}",
        "DeployQueue:Targets:production:Monitoring:Checks:1:Query names {{release}}: a query may name {{canary}}")]
    [TestCase("DeployQueue:Targets:production:Monitoring:Checks:0:Requests", "0",
        "DeployQueue:Targets:production:Monitoring:Checks:0:Requests must be from 1 to 100")]
    [TestCase("DeployQueue:Prometheus:BaseUrl", "localhost:9090", "DeployQueue:Prometheus:BaseUrl must be an absolute http(s) URL")]
    [TestCase("DeployQueue:Targets:production:Timeouts:Rollback", "00:00:00", "DeployQueue:Targets:production:Timeouts:Rollback must be a positive duration")]
    [TestCase("DeployQueue:Targets:production:Trigger", "Merge", "DeployQueue:Targets:production:Rollback Automatic needs Trigger Deployment")]
    public async Task An_invalid_value_stops_the_start_with_a_message_naming_the_key(string key, string value, string expected)
    {
        var failure = await StartFailure(new Dictionary<string, string?> { [key] = value });

        Assert.That(failure, Does.Contain(expected));
    }

    [Test]
    public async Task A_target_without_any_smoke_check_stops_the_start_unless_it_says_so()
    {
        var qa = new Dictionary<string, string?>
        {
            ["DeployQueue:Targets:qa:BaseUrl"] = "https://qa.shop.example",
            ["DeployQueue:Targets:qa:Workflow"] = "deploy-qa.yml",
        };

        var failures = await ValidationFailures(qa);
        qa["DeployQueue:Targets:qa:AllowNoSmokeChecks"] = "true";
        var allowed = await ValidationFailures(qa);

        Assert.That(failures, Has.One.Contains("DeployQueue:Targets:qa has no health check, smoke test or version path"));
        Assert.That(allowed, Is.Empty);
    }

    [Test]
    public async Task A_rollout_is_checked_at_start_by_name_weights_rising_to_100_pauses_no_shorter_than_an_interval_on_a_deployment_trigger()
    {
        const string production = "DeployQueue:Targets:production:Rollout:Steps";
        const string staging = "DeployQueue:Targets:staging:Rollout";

        var failures = await ValidationFailures(new Dictionary<string, string?>
        {
            [$"{production}:0:Weight"] = "50",
            [$"{production}:0:Pause"] = "00:00:10",
            [$"{production}:1:Weight"] = "20",
            [$"{production}:1:Pause"] = "00:05:00",
            [$"{staging}:Steps:0:Weight"] = "100",
        });
        var valid = await ValidationFailures(new Dictionary<string, string?>
        {
            [$"{production}:0:Weight"] = "10",
            [$"{production}:0:Pause"] = "00:02:00",
            [$"{production}:1:Weight"] = "100",
        });

        Assert.That(failures, Is.EquivalentTo(new[]
        {
            $"{production}:0:Pause (00:00:10) is shorter than DeployQueue:Targets:production:Monitoring:Interval (00:01:00): no check would judge the step",
            $"{production}:1:Weight (20) must be above the step before (50): weights rise step by step",
            $"{production}:1:Weight must be 100: the last step puts all traffic on the new version",
            $"{staging} needs DeployQueue:Targets:staging:Trigger Deployment: each step is a GitHub Deployment carrying its weight",
            $"{staging} needs DeployQueue:Targets:staging:Monitoring:Checks: they judge each step",
        }));
        Assert.That(valid, Is.Empty);
    }

    /// <summary>What the configuration's validation says of these settings (checked at start; read here without starting).</summary>
    static async Task<IReadOnlyList<string>> ValidationFailures(IDictionary<string, string?> settings)
    {
        await using var app = RunningService.Build(settings);
        try
        {
            _ = app.Services.GetRequiredService<IOptions<DeployQueueOptions>>().Value;
            return [];
        }
        catch (OptionsValidationException validation)
        {
            return validation.Failures.ToList();
        }
    }

    [Test]
    public async Task The_embedded_appsettings_start_without_a_configuration_failure()
    {
        await using var app = RunningService.Build(new Dictionary<string, string?>());

        var options = app.Services.GetRequiredService<IOptions<DeployQueueOptions>>().Value;

        Assert.Multiple(() =>
        {
            Assert.That(options.GitHub.BaseUrl, Is.EqualTo("https://api.github.com/"));
            Assert.That(options.Repositories, Is.EqualTo(new[] { "acme/shop" }));
            Assert.That(options.Targets.Keys, Is.EquivalentTo(new[] { "staging", "production" }));
            Assert.That(options.Targets["production"].RequiresSuccessOn, Is.EqualTo("staging"));
        });
    }

    [Test]
    public async Task The_gate_rules_are_read_from_DeployQueue_GitHub_Gate()
    {
        await using var app = RunningService.Build(new Dictionary<string, string?>
        {
            ["DeployQueue:GitHub:Gate:RequireApprovalOnHeadSha"] = "false",
            ["DeployQueue:GitHub:Gate:NeutralAndSkippedPass"] = "false",
            ["DeployQueue:GitHub:Gate:RequiredChecks:0"] = "security-scan",
        });

        var gate = app.Services.GetRequiredService<IOptions<GitHubGateSettings>>().Value;

        Assert.Multiple(() =>
        {
            Assert.That(gate.RequireApprovalOnHeadSha, Is.False);
            Assert.That(gate.NeutralAndSkippedPass, Is.False);
            Assert.That(gate.RequiredChecks, Is.EqualTo(new[] { "security-scan" }));
        });
    }

    [Test]
    public async Task The_GitHub_retries_are_read_from_DeployQueue_GitHub_Retry()
    {
        await using var app = RunningService.Build(new Dictionary<string, string?>
        {
            ["DeployQueue:GitHub:Retry:MaxAttempts"] = "2",
            ["DeployQueue:GitHub:Retry:BaseDelay"] = "00:00:01",
            ["DeployQueue:GitHub:Retry:MaxTotalWait"] = "00:00:30",
            ["DeployQueue:GitHub:Retry:AttemptTimeout"] = "00:00:20",
        });

        var retry = app.Services.GetRequiredService<IOptions<GitHubRetryOptions>>().Value;

        Assert.Multiple(() =>
        {
            Assert.That(retry.MaxAttempts, Is.EqualTo(2));
            Assert.That(retry.BaseDelay, Is.EqualTo(TimeSpan.FromSeconds(1)));
            Assert.That(retry.MaxTotalWait, Is.EqualTo(TimeSpan.FromSeconds(30)));
            Assert.That(retry.AttemptTimeout, Is.EqualTo(TimeSpan.FromSeconds(20)));
        });
    }

    [Test]
    public async Task A_monitoring_query_prometheus_refuses_stops_the_start_naming_its_key_and_prometheus_error()
    {
        var failure = await StartFailure(new Dictionary<string, string?>
        {
            ["DeployQueue:Prometheus:BaseUrl"] = LocalPrometheus.BaseUrl.ToString(),
            ["DeployQueue:Targets:production:Monitoring:Checks:1:Query"] = "sum(rate(http_requests_total[1m]",
        });

        Assert.That(failure, Does.Contain(
            "DeployQueue:Targets:production:Monitoring:Checks:1:Query is refused by Prometheus: Prometheus refused the query (HTTP 400, bad_data)"));
    }

    [Test]
    public async Task Monitoring_queries_prometheus_answers_or_an_unreachable_prometheus_do_not_stop_the_start()
    {
        var answered = await QueriesCheckFailure(LocalPrometheus.BaseUrl.ToString());
        // Nothing listens on port 1 of the loopback: the connection is refused at once.
        var unreachable = await QueriesCheckFailure("http://127.0.0.1:1/");

        Assert.Multiple(() =>
        {
            Assert.That(answered, Is.Null, "the sample's error-rate query");
            Assert.That(unreachable, Is.Null, "an unreachable Prometheus is the intervals' business (inconclusive), not the start's");
        });
    }

    /// <summary>What the start's check of the monitoring queries says with Prometheus at <paramref name="baseUrl"/>: null when it passes.</summary>
    static async Task<string?> QueriesCheckFailure(string baseUrl)
    {
        await using var app = RunningService.Build(new Dictionary<string, string?> { ["DeployQueue:Prometheus:BaseUrl"] = baseUrl });
        var check = app.Services.GetServices<IHostedService>().OfType<PrometheusQueriesCheck>().Single();
        try
        {
            await check.StartAsync(CancellationToken.None);
            return null;
        }
        catch (OptionsValidationException refused)
        {
            return string.Join("\n", refused.Failures);
        }
    }

    [Test]
    public async Task Every_invalid_value_is_listed_when_the_start_stops()
    {
        var failure = await StartFailure(new Dictionary<string, string?>
        {
            ["DeployQueue:GitHub:PollInterval"] = "00:00:00",
            ["DeployQueue:GitHub:Gate:MergeabilityRechecks"] = "-1",
            ["DeployQueue:GitHub:Retry:MaxAttempts"] = "0",
            ["Hosting:SchedulerPollInterval"] = "00:00:00",
        });

        Assert.Multiple(() =>
        {
            Assert.That(failure, Does.Contain("DeployQueue:GitHub:PollInterval"));
            Assert.That(failure, Does.Contain("DeployQueue:GitHub:Gate:MergeabilityRechecks"));
            Assert.That(failure, Does.Contain("DeployQueue:GitHub:Retry:MaxAttempts"));
            Assert.That(failure, Does.Contain("Hosting:SchedulerPollInterval"));
        });
    }

    [Test]
    [NonParallelizable]
    public async Task Environment_variables_override_any_key_and_GITHUB_TOKEN_fills_an_empty_token()
    {
        var variables = new Dictionary<string, string>
        {
            ["DeployQueue__Targets__staging__BaseUrl"] = "https://staging.override.example",
            ["DeployQueue__GitHub__PollInterval"] = "00:00:03",
            ["GITHUB_TOKEN"] = "token-from-environment",
            ["GITHUB_WEBHOOK_SECRET"] = "secret-from-environment",
        };
        var previous = variables.Keys.ToDictionary(k => k, Environment.GetEnvironmentVariable);
        try
        {
            foreach (var (name, value) in variables)
                Environment.SetEnvironmentVariable(name, value);
            await using var app = RunningService.Build(new Dictionary<string, string?>());

            var options = app.Services.GetRequiredService<IOptions<DeployQueueOptions>>().Value;

            Assert.Multiple(() =>
            {
                Assert.That(options.Targets["staging"].BaseUrl, Is.EqualTo("https://staging.override.example"));
                Assert.That(options.GitHub.PollInterval, Is.EqualTo(TimeSpan.FromSeconds(3)));
                Assert.That(options.GitHub.Token, Is.EqualTo("token-from-environment"));
                Assert.That(options.GitHub.WebhookSecret, Is.EqualTo("secret-from-environment"));
            });
        }
        finally
        {
            foreach (var (name, value) in previous)
                Environment.SetEnvironmentVariable(name, value);
        }
    }

    [Test]
    public async Task The_service_process_exits_non_zero_naming_the_key_and_never_printing_the_token()
    {
        const string token = "ghp_never_print_me";
        const string webhookSecret = "webhook_secret_never_print_me";

        var run = await RunServiceProcess(new Dictionary<string, string>
        {
            ["DeployQueue__Targets__staging__BaseUrl"] = "not a url",
            ["DeployQueue__GitHub__Webhooks__Enabled"] = "true",
            ["GITHUB_TOKEN"] = token,
            ["GITHUB_WEBHOOK_SECRET"] = webhookSecret,
        });

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Not.EqualTo(0));
            Assert.That(run.Output, Does.Contain("DeployQueue:Targets:staging:BaseUrl must be an absolute http(s) URL"));
            Assert.That(run.Output, Does.Not.Contain(token));
            Assert.That(run.Output, Does.Not.Contain(webhookSecret));
        });
    }

    [Test]
    public async Task With_Serilog_Json_the_service_logs_one_json_event_per_line()
    {
        var run = await RunServiceProcess(new Dictionary<string, string>
        {
            ["Serilog__Json"] = "true",
            ["DeployQueue__Repositories__0"] = "not-a-repository",
        });

        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Is.Not.Empty);
        Assert.Multiple(() =>
        {
            foreach (var line in lines)
                Assert.That(() => JsonDocument.Parse(line), Throws.Nothing, $"not a JSON event: {line}");
            Assert.That(run.Stdout, Does.Contain("DeployQueue:Repositories:0 must be a repository as owner/name"));
        });
    }

    sealed record ProcessRun(int ExitCode, string Stdout, string Stderr)
    {
        public string Output => Stdout + Stderr;
    }

    /// <summary>Runs the built service (DeployQueue.Service.dll beside the tests) with extra environment variables until it exits.</summary>
    static async Task<ProcessRun> RunServiceProcess(Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(DotnetHost(), "DeployQueue.Service.dll")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        foreach (var (name, value) in environment)
            start.Environment[name] = value;

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the service kept running with an invalid configuration");
        }
        return new ProcessRun(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The messages of the exception that stopped the host's build or start, inner ones included.</summary>
    static async Task<string> StartFailure(IDictionary<string, string?> settings)
    {
        WebApplication? app = null;
        try
        {
            app = RunningService.Build(settings);
            await app.StartAsync();
            await app.StopAsync();
            return "(the service started)";
        }
        catch (Exception e)
        {
            return string.Join(Environment.NewLine, Flatten(e).Select(x => x.Message));
        }
        finally
        {
            if (app is not null)
                await app.DisposeAsync();
        }
    }

    static IEnumerable<Exception> Flatten(Exception e) =>
        e is AggregateException aggregate
            ? aggregate.InnerExceptions.SelectMany(Flatten)
            : e.InnerException is null ? [e] : [e, .. Flatten(e.InnerException)];

    /// <summary>The `dotnet` that runs these tests (the SDK sets DOTNET_HOST_PATH for the processes it starts).</summary>
    static string DotnetHost() => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
}
