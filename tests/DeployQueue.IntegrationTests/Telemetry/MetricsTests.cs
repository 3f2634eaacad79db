using DeployQueue.Contracts;
using DeployQueue.IntegrationTests.Infrastructure;
using DeployQueue.Service.Messaging;
using DeployQueue.Simulators.GitHub.Scripting;

namespace DeployQueue.IntegrationTests.Telemetry;

/// <summary>
/// `/metrics` as Prometheus scrapes it from an instance on RabbitMQ and PostgreSQL, after one deploy that succeeded and
/// one whose pipeline failed: the deploy queue's own series with their labels (and, with one deploy waiting behind
/// another, the lane's queue), and those of MassTransit, ASP.NET Core, HttpClient and the runtime. The instance is a
/// process of its own, as in production: MassTransit 8 creates its meter once per process, from the first host's meter
/// factory, and it dies with that host, so a host started after another in the same process (the whole suite in one test
/// process) exports none of MassTransit's series. With <c>Telemetry:Traces</c> false: the metrics, and no span.
/// </summary>
[TestFixture]
public class MetricsTests
{
    const string Target = "staging";
    static readonly TimeSpan Bound = TimeSpan.FromSeconds(45);

    [Test]
    public async Task After_a_deploy_that_succeeded_and_one_that_failed_metrics_name_them_by_repository_target_stage_and_kind()
    {
        await using var system = await EndToEndSystem.Create();
        await using var processes = new ServiceProcesses(system);
        var service = await processes.Start();
        var repository = system.Repositories[0];
        var gitHub = system.GitHub.Repository(repository);
        system.ReadyPullRequest(repository, 61);
        gitHub.OnMerge(system.PipelineLandingOn(Target));
        await system.SendToDeployQueue(SeedTask.Json(repository, 61, Target));
        await system.WaitForDeploy(repository, 61, Bound, "Succeeded");
        system.ReadyPullRequest(repository, 62);
        gitHub.OnMerge(PipelineScript.FailingIn("deploy", "Error: UPGRADE FAILED: pre-upgrade hooks failed: job shop-db-migrate failed"));
        await system.SendToDeployQueue(SeedTask.Json(repository, 62, Target));
        var fixTasks = await system.Inbox.WaitFor<FixTaskRequested>(DownstreamQueues.Execution,
            f => f.Repository == repository, found => found.Count > 0, Bound);
        await system.WaitForDeploy(repository, 62, Bound, "Failed");

        var metrics = PrometheusText.Parse(await service.Http.GetStringAsync("/metrics"));
        var ours = new Dictionary<string, string> { ["repository"] = repository, ["target"] = Target };
        Dictionary<string, string> With(string label, string value) => new(ours) { [label] = value };

        Assert.Multiple(() =>
        {
            Assert.That(metrics.Value("deployqueue_deploys_started_total", ours), Is.EqualTo(2), "deploys started");
            Assert.That(metrics.Value("deployqueue_deploys_succeeded_total", ours), Is.EqualTo(1), "deploys succeeded");
            Assert.That(metrics.Value("deployqueue_deploys_failed_total", With("failure_kind", "DeploymentFailed")), Is.EqualTo(1),
                "deploys failed, by failure kind (counted once, whatever the retries of the saga)");
            Assert.That(metrics.Value("deployqueue_deploy_duration_seconds_count", With("outcome", "succeeded")), Is.EqualTo(1), "lead time");
            Assert.That(metrics.Value("deployqueue_deploy_duration_seconds_count", With("outcome", "failed")), Is.EqualTo(1), "lead time");
            foreach (var stage in new[] { "Claimed", "Merging", "Deploying" })
                Assert.That(metrics.Value("deployqueue_deploy_stage_duration_seconds_count", With("stage", stage)), Is.EqualTo(2), $"time in {stage}");
            Assert.That(metrics.Value("deployqueue_deploy_stage_duration_seconds_count", With("stage", "Smoke")), Is.EqualTo(1), "time in Smoke");
            Assert.That(metrics.Value("deployqueue_lane_wait_seconds_count", ours), Is.EqualTo(2), "lane wait");
            Assert.That(metrics.Value("deployqueue_fix_tasks_total", With("kind", fixTasks[0].Kind.ToString())), Is.EqualTo(1), "fix tasks by kind");
            Assert.That(metrics.Value("deployqueue_github_calls_total",
                    new() { ["endpoint"] = "repos/{owner}/{repo}/pulls/{id}/merge", ["method"] = "PUT", ["outcome"] = "200" }), Is.EqualTo(2),
                "GitHub calls by endpoint and outcome");
            Assert.That(metrics.Value("deployqueue_github_calls_total", new() { ["outcome"] = "304" }), Is.GreaterThan(0),
                "GitHub's answers revalidated by ETag");
            Assert.That(metrics.Value("deployqueue_github_rate_limit_remaining", []), Is.GreaterThan(0), "GitHub's rate limit left");
            Assert.That(metrics.Value("messaging_masstransit_consume_ea_total", []), Is.GreaterThan(0), "MassTransit's meter");
            Assert.That(metrics.Names.Where(name => name.StartsWith("messaging_masstransit_") && name.Contains("_active_")), Is.Empty,
                "MassTransit's in-progress counts, monotonic counters that go down");
            Assert.That(metrics.Value("http_client_request_duration_seconds_count", []), Is.GreaterThan(0), "HttpClient");
            Assert.That(metrics.Value("http_server_request_duration_seconds_count", []), Is.GreaterThan(0), "ASP.NET Core");
            Assert.That(metrics.Value("dotnet_gc_collections_total", []), Is.GreaterThan(0), "the runtime");
        });

        // One deploy holds the lane for minutes, the next waits behind it. The lanes are read from the saga store every
        // 15 s: a scrape after that read counts the one waiting.
        system.ReadyPullRequest(repository, 63);
        gitHub.OnMerge(PipelineScript.Succeeding(pace: Pace.Over(TimeSpan.FromMinutes(5))));
        await system.SendToDeployQueue(SeedTask.Json(repository, 63, Target));
        await system.WaitForDeploy(repository, 63, Bound, "Deploying");
        system.ReadyPullRequest(repository, 64);
        await system.SendToDeployQueue(SeedTask.Json(repository, 64, Target));
        await Eventually.Until(async () => PrometheusText.Parse(await service.Http.GetStringAsync("/metrics")).Value("deployqueue_lane_waiting", ours),
            waiting => waiting == 1, TimeSpan.FromSeconds(45), "deployqueue_lane_waiting counting the deploy queued behind the lane's holder");
    }

    [Test]
    public async Task With_traces_off_the_metrics_are_served_and_no_span_is_made()
    {
        await using var system = await EndToEndSystem.Create();
        await using var service = await JsonLog.StartService(system, ("Telemetry__Traces", "false"));
        var repository = system.Repositories[0];
        system.ReadyPullRequest(repository, 65);
        system.GitHub.Repository(repository).OnMerge(system.PipelineLandingOn(Target));
        await system.SendToDeployQueue(SeedTask.Json(repository, 65, Target));
        await system.WaitForDeploy(repository, 65, Bound, "Succeeded");

        var metrics = PrometheusText.Parse(await service.Http.GetStringAsync("/metrics"));
        var transitions = JsonLog.LinesOf(service, repository, 65, Target);
        Assert.Multiple(() =>
        {
            Assert.That(metrics.Value("deployqueue_deploys_succeeded_total", new() { ["repository"] = repository, ["target"] = Target }),
                Is.EqualTo(1), "the deploy metrics");
            Assert.That(metrics.Value("messaging_masstransit_consume_ea_total", []), Is.GreaterThan(0), "MassTransit's meter");
            Assert.That(transitions, Is.Not.Empty, "the deploy's log lines");
            // A span would put its trace id in every line written under it.
            Assert.That(transitions.Where(line => line.TryGetProperty("@tr", out _)).Select(line => line.GetRawText()), Is.Empty,
                "log lines written under a span");
        });
    }
}
