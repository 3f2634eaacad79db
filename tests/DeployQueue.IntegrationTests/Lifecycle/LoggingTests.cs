using System.Text.Json;
using DeployQueue.Contracts;
using DeployQueue.Domain.Policies;
using DeployQueue.IntegrationTests.Infrastructure;
using DeployQueue.Service.Messaging;
using DeployQueue.Simulators.GitHub.Scripting;

namespace DeployQueue.IntegrationTests.Lifecycle;

/// <summary>
/// The service's logs at the default level, as an operator reads them from a process on RabbitMQ and PostgreSQL in
/// compact JSON: a start on a new database reports no error, an idle instance says nothing while its scheduler and outbox
/// poll, and a deploy says each of its transitions and fix tasks, with the properties that let its lines be picked out and
/// the trace id that leads to its trace.
/// </summary>
[TestFixture]
public class LoggingTests
{
    const string Target = "staging";
    static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    // How long an idle instance is listened to: its pollers (scheduler, outbox) run many times in it.
    static readonly TimeSpan IdleWindow = TimeSpan.FromSeconds(10);

    [Test]
    public async Task A_start_on_a_new_database_logs_no_error_an_idle_instance_nothing_and_a_deploy_each_transition_and_fix_task_with_its_trace()
    {
        await using var system = await EndToEndSystem.Create();
        await using var service = await JsonLog.StartService(system);

        var startLines = JsonLog.Lines(service);
        var linesWhenReady = startLines.Count;
        await Task.Delay(IdleWindow);
        var idleLines = JsonLog.Lines(service).Skip(linesWhenReady).ToList();

        var repository = system.Repositories[0];
        const int prNumber = 31;
        system.GitHub.Repository(repository).OnMerge(system.PipelineLandingOn(Target));
        system.ReadyPullRequest(repository, prNumber);
        await system.SendToDeployQueue(SeedTask.Json(repository, prNumber, Target));
        await system.Inbox.WaitFor<Announcement>(DownstreamQueues.Announce,
            a => a.Repository == repository && a.PrNumber == prNumber, found => found.Any(a => a.Kind == AnnouncementKind.Succeeded), Bound);
        var transitions = JsonLog.LinesOf(service, repository, prNumber, Target);

        const int failingPr = 32;
        system.GitHub.Repository(repository).OnMerge(PipelineScript.FailingIn("deploy", "Error: UPGRADE FAILED: job shop-db-migrate failed"));
        system.ReadyPullRequest(repository, failingPr);
        await system.SendToDeployQueue(SeedTask.Json(repository, failingPr, Target));
        var fixTasks = await system.Inbox.WaitFor<FixTaskRequested>(DownstreamQueues.Execution,
            f => f.Repository == repository && f.PrNumber == failingPr, found => found.Count > 0, Bound);
        // The line is written as the saga commits, the fix task sent right after: wait for the line, within the bound.
        var fixTaskLines = await Eventually.Poll(() => Task.FromResult(JsonLog.LinesOf(service, repository, failingPr, Target)
            .Where(line => line.TryGetProperty("FixTaskId", out _)).ToList()), lines => lines.Count > 0, Bound);

        Assert.That(startLines.Where(IsErrorOrWorse).Select(l => l.GetRawText()), Is.Empty, "errors written by a start on a new database");
        Assert.That(idleLines.Select(l => l.GetRawText()), Is.Empty, "log lines of an idle instance");
        // (A transition retried after a concurrency conflict is logged again: the states, in order, once each.)
        Assert.That(transitions.Select(t => t.GetProperty("ToState").GetString()).Distinct(),
            Is.EqualTo(new[] { "Claimed", "Merging", "Deploying", "Smoke", "Succeeded" }), "a line per transition");
        Assert.Multiple(() =>
        {
            var first = transitions[0];
            // Compact JSON leaves the level out for Information.
            Assert.That(first.TryGetProperty("@l", out var level) ? level.GetString() : "Information", Is.EqualTo("Information"));
            Assert.That(first.GetProperty("Repository").GetString(), Is.EqualTo(repository));
            Assert.That(first.GetProperty("PrNumber").GetInt32(), Is.EqualTo(prNumber));
            Assert.That(first.GetProperty("Target").GetString(), Is.EqualTo(Target));
            Assert.That(first.GetProperty("Attempt").GetInt32(), Is.EqualTo(1));
            // The trace id of each line, the deploy's one trace from the request on.
            Assert.That(transitions.Select(t => t.TryGetProperty("@tr", out var trace) ? trace.GetString() : null).Distinct().ToList(),
                Has.Count.EqualTo(1).And.None.Null, "the trace ids of the deploy's lines");
        });
        Assert.That(fixTaskLines, Has.Count.EqualTo(1), "a line per fix task");
        Assert.Multiple(() =>
        {
            var line = fixTaskLines[0];
            Assert.That(line.GetProperty("FixTaskId").GetString(), Is.EqualTo(fixTasks[0].FixTaskId.ToString()));
            Assert.That(line.GetProperty("FixTaskKind").GetString(), Is.EqualTo(fixTasks[0].Kind.ToString()));
            Assert.That(line.GetProperty("Repository").GetString(), Is.EqualTo(repository));
            Assert.That(line.GetProperty("PrNumber").GetInt32(), Is.EqualTo(failingPr));
            Assert.That(line.GetProperty("Target").GetString(), Is.EqualTo(Target));
            Assert.That(line.GetProperty("Attempt").GetInt32(), Is.EqualTo(1));
            Assert.That(line.GetProperty("DeployId").GetString(), Is.EqualTo(DeployIdentity.DeployId(repository, failingPr, Target).ToString()));
            Assert.That(line.TryGetProperty("@tr", out _), Is.True, "a trace id");
        });
    }

    static bool IsErrorOrWorse(JsonElement line) =>
        line.TryGetProperty("@l", out var level) && level.GetString() is "Error" or "Fatal";
}
