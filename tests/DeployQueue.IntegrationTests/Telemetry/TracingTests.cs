using System.Diagnostics;
using DeployQueue.Contracts;
using DeployQueue.Domain.Policies;
using DeployQueue.IntegrationTests.Infrastructure;
using DeployQueue.Service.Messaging;
using DeployQueue.Simulators.GitHub.Scripting;
using OpenTelemetry.Trace;

namespace DeployQueue.IntegrationTests.Telemetry;

/// <summary>
/// A deploy as one trace, as an operator follows it in Jaeger or Tempo: the service's own tracing, exported to memory
/// instead of OTLP, on RabbitMQ and PostgreSQL with GitHub and the target over HTTP: one tree, without MassTransit's
/// spans around the outbox nor the send spans of what consumers send.
/// </summary>
[TestFixture]
public class TracingTests
{
    const string Target = "staging";
    static readonly TimeSpan Bound = TimeSpan.FromSeconds(45);

    [Test]
    public async Task A_deploys_saga_steps_consumers_GitHub_calls_and_smoke_requests_share_one_trace()
    {
        var spans = new RecordedSpans();
        await using var system = await EndToEndSystem.Create();
        await system.StartService(configureServices: services =>
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans)));
        var repository = system.Repositories[0];
        const int prNumber = 51;
        var pull = system.ReadyPullRequest(repository, prNumber);
        // Done on the third look: the watch goes through scheduled re-checks.
        system.GitHub.Repository(repository).OnMerge(system.PipelineLandingOn(Target, Pace.AfterPolls(3)));

        await system.SendToDeployQueue(SeedTask.Json(repository, prNumber, Target));
        await system.Inbox.WaitFor<Announcement>(DownstreamQueues.Announce,
            a => a.Repository == repository && a.PrNumber == prNumber, found => found.Any(a => a.Kind == AnnouncementKind.Succeeded), Bound);

        var deployId = DeployIdentity.DeployId(repository, prNumber, Target);
        var recorded = spans.Snapshot();
        var sagaSteps = recorded.Where(span => Equals(span.GetTagItem("deployqueue.deploy_id"), deployId)).ToList();
        var traces = sagaSteps.Select(span => span.TraceId).Distinct().ToList();
        Assert.That(traces, Has.Count.EqualTo(1), "the traces of the deploy's saga steps");
        var trace = recorded.Where(span => span.TraceId == traces[0]).ToList();
        var consumed = trace.Where(span => span.Kind == ActivityKind.Consumer)
            .Select(span => span.GetTagItem("messaging.masstransit.message_types") as string ?? "")
            .Select(types => types.Split(',')[0].Split(':')[^1])
            .ToHashSet();
        var calls = trace.Where(span => span.Kind == ActivityKind.Client)
            .Select(span => $"{span.GetTagItem("http.request.method")} {span.GetTagItem("url.full")}")
            .ToList();

        Assert.Multiple(() =>
        {
            Assert.That(sagaSteps.Select(span => span.GetTagItem("deployqueue.state")).Distinct(),
                Is.SupersetOf(new[] { "Claimed", "Merging", "Deploying", "Smoke", "Succeeded" }), "saga transitions in the trace");
            Assert.That(consumed, Is.SupersetOf(new[]
            {
                "DeployRequested", "DeployAccepted", "LaneRequested", "LaneGranted", "MergePullRequest", "PullRequestMerged",
                "WatchDeployment", "DeploymentSucceeded", "RunSmokeTests", "SmokeTestsPassed",
            }), "messages consumed in the trace");
            // A scheduled re-check carries the context it was scheduled in, through PostgreSQL.
            Assert.That(consumed, Does.Contain("DeploymentRecheckDue"), "a scheduled message consumed in the trace");
            Assert.That(calls, Has.Some.EqualTo($"PUT {system.GitHub.BaseUrl}api/v3/repos/{repository}/pulls/{prNumber}/merge"), "the merge on GitHub");
            Assert.That(calls, Has.Some.StartsWith($"GET {system.Targets[Target].BaseUrl}"), "smoke requests to the target");
        });
        Assert.That(pull.Merges, Is.EqualTo(1));

        // One tree: every span's parent is recorded, though MassTransit's spans around the outbox are not, and a message
        // sent through the outbox hangs under the span that sent it. Spans end after their children: the parents still
        // open when the deploy succeeded are waited for, within a bound.
        var orphans = await Eventually.Poll(() => Task.FromResult(Orphans(spans.Snapshot(), traces[0])), found => found.Count == 0,
            TimeSpan.FromSeconds(10));
        Assert.That(orphans, Is.Empty, "spans of the trace whose parent span is not in it");
        Assert.That(trace.Select(span => span.DisplayName), Has.None.StartsWith("outbox "), "MassTransit's outbox spans");
        var consumers = trace.Where(span => span.Kind == ActivityKind.Consumer).Select(span => span.SpanId).ToHashSet();
        // The scheduler sends a re-check when it is due, under the saga step that scheduled it: that send keeps its span.
        var scheduled = "urn:message:DeployQueue.Contracts:DeploymentRecheckDue";
        Assert.That(trace.Where(span => span.Kind == ActivityKind.Producer && consumers.Contains(span.ParentSpanId))
                .Where(span => !Equals(span.GetTagItem("messaging.masstransit.message_types"), scheduled))
                .Select(span => span.DisplayName),
            Is.Empty, "transport send spans of messages sent by consumers");
    }

    static List<string> Orphans(IReadOnlyList<Activity> recorded, ActivityTraceId trace)
    {
        var ids = recorded.Select(span => span.SpanId).ToHashSet();
        return recorded.Where(span => span.TraceId == trace && span.ParentSpanId != default && !ids.Contains(span.ParentSpanId))
            .Select(span => span.DisplayName)
            .ToList();
    }
}
