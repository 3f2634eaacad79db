using System.Collections.Concurrent;
using System.Text;
using DeployQueue.Contracts;
using DeployQueue.Domain.Intake;
using DeployQueue.Domain.Policies;
using DeployQueue.IntegrationTests.Infrastructure;
using DeployQueue.Service.Messaging;
using DeployQueue.Simulators.GitHub;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace DeployQueue.IntegrationTests.Intake;

/// <summary>
/// The seed's task structure exactly as ../shared/seeds shows it ("priority": 2, a numeric commit_build_task_id),
/// published as a person does through the management UI: no content type, no message id. On RabbitMQ and
/// PostgreSQL it deploys end to end with the priority the table gives 2, and the same task sent again is
/// recognised as the same request.
/// </summary>
[TestFixture]
public class SeedTaskTests
{
    const string Target = "staging";
    static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    EndToEndSystem _world = null!;
    readonly AcceptedRequests _accepted = new();

    [OneTimeSetUp]
    public async Task StartSystem()
    {
        _world = await EndToEndSystem.Create();
        await _world.StartService(bus =>
        {
            bus.AddSingleton(_accepted);
            bus.AddConsumer<AcceptedRequests.Recorder>().Endpoint(e => e.Temporary = true);
        });
    }

    [OneTimeTearDown]
    public async Task StopSystem() => await _world.DisposeAsync();

    static string SeedLiteral(string repository, int prNumber) => $$"""
        {
          "title": "DEPLOY: PR #{{prNumber}} - checkout-redesign",
          "description": "Merge PR and monitor deployment",
          "context": {
            "pr_number": {{prNumber}},
            "pr_url": "https://github.com/{{repository}}/pull/{{prNumber}}",
            "branch": "feature/checkout-redesign",
            "target": "{{Target}}",
            "commit_build_task_id": 4711
          },
          "priority": 2
        }
        """;

    [Test]
    public async Task The_seeds_task_deploys_end_to_end_with_priority_High_and_is_recognised_when_sent_again()
    {
        const int prNumber = 12;
        var (repository, pull) = ReadyToDeploy(prNumber);
        var body = Encoding.UTF8.GetBytes(SeedLiteral(repository, prNumber));
        var deployId = DeployIdentity.DeployId(repository, prNumber, Target);

        Assert.That(await _world.Broker.PublishToQueue(DeployRequestedConsumerDefinition.QueueName, body, contentType: null), Is.True);
        var e2e = await _world.Inbox.WaitFor<E2ERequested>(DownstreamQueues.E2ETest,
            m => m.Repository == repository && m.PrNumber == prNumber, found => found.Count > 0, Bound);
        var deploy = await _world.Deploy(repository, prNumber, Target);

        Assert.That(await _world.Broker.PublishToQueue(DeployRequestedConsumerDefinition.QueueName, body, contentType: null), Is.True);
        var accepted = await Eventually.Poll(() => Task.FromResult(_accepted.Of(deployId)), found => found.Count == 2, Bound);

        Assert.That(e2e, Has.Count.EqualTo(1), "one E2ERequested in e2e-test");
        Assert.Multiple(() =>
        {
            Assert.That(deploy?.CurrentState, Is.EqualTo("Succeeded"));
            Assert.That(deploy?.Attempt.Priority, Is.EqualTo(TaskPriority.High), "\"priority\": 2 is High");
            Assert.That(deploy?.Attempt.CommitBuildTaskId, Is.EqualTo("4711"));
            Assert.That(deploy?.Attempt.Title, Is.EqualTo($"DEPLOY: PR #{prNumber} - checkout-redesign"));
            Assert.That(pull.Merges, Is.EqualTo(1));
            Assert.That(_world.Inbox.RejectionsOf(repository, prNumber), Is.Empty, "neither sending was refused");
            Assert.That(accepted.Select(a => a.RequestId).Distinct().ToList(), Is.EqualTo(new[] { deploy?.Attempt.RequestId }),
                "the task sent again is the same request (its commit-build task, repository, PR and target), not a new attempt");
        });
    }

    [Test]
    public async Task A_task_with_keys_in_another_case_numbers_as_text_and_unknown_fields_deploys_as_meant()
    {
        const int prNumber = 13;
        var (repository, pull) = ReadyToDeploy(prNumber);
        var body = $$"""
            { "Title": "DEPLOY: PR #{{prNumber}} - search", "PRIORITY": "3", "labels": ["deploy"], "meta": { "source": "commit-build" },
              "Context": { "PR_NUMBER": "{{prNumber}}", "prUrl": "https://github.com/{{repository}}/pull/{{prNumber}}",
                           "Branch": "feature/search", "TARGET": "{{Target}}", "CommitBuildTaskId": "4712", "Merge_Strategy": "rebase" } }
            """;

        await _world.SendToDeployQueue(body);
        await _world.Inbox.WaitFor<E2ERequested>(DownstreamQueues.E2ETest,
            m => m.Repository == repository && m.PrNumber == prNumber, found => found.Count > 0, Bound);
        var deploy = await _world.Deploy(repository, prNumber, Target);

        Assert.Multiple(() =>
        {
            Assert.That(deploy?.Attempt.Priority, Is.EqualTo(TaskPriority.Critical), "\"3\" is Critical");
            Assert.That(deploy?.Attempt.CommitBuildTaskId, Is.EqualTo("4712"));
            Assert.That(deploy?.Attempt.Branch, Is.EqualTo("feature/search"));
            Assert.That(pull.LastMergeMethod, Is.EqualTo("rebase"));
            Assert.That(pull.Merges, Is.EqualTo(1));
            Assert.That(_world.Inbox.RejectionsOf(repository, prNumber), Is.Empty, "not refused");
        });
    }

    /// <summary>A PR of the fixture's repository, ready to merge, whose pipeline lands its merge on the target.</summary>
    (string Repository, SimulatedPullRequest Pull) ReadyToDeploy(int prNumber)
    {
        var repository = _world.Repositories[0];
        _world.GitHub.Repository(repository).OnMerge(_world.PipelineLandingOn(Target));
        return (repository, _world.ReadyPullRequest(repository, prNumber));
    }

    /// <summary>Every <see cref="DeployAccepted"/> the intake handed to the deploy saga, as a second subscriber sees them.</summary>
    public sealed class AcceptedRequests
    {
        readonly ConcurrentQueue<DeployAccepted> _seen = new();

        public IReadOnlyList<DeployAccepted> Of(Guid deployId) => _seen.Where(a => a.DeployId == deployId).ToList();

        public sealed class Recorder(AcceptedRequests seen) : IConsumer<DeployAccepted>
        {
            public Task Consume(ConsumeContext<DeployAccepted> context)
            {
                seen._seen.Enqueue(context.Message);
                return Task.CompletedTask;
            }
        }
    }
}
