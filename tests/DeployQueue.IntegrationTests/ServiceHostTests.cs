using System.Net;
using System.Text.Json;
using DeployQueue.Contracts;
using DeployQueue.IntegrationTests.Infrastructure;
using DeployQueue.Service.Messaging;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace DeployQueue.IntegrationTests;

/// <summary>
/// The real service host on the real RabbitMQ and PostgreSQL: its health endpoints, its database, and the
/// broker topology a person sees in the management UI once it has started.
/// </summary>
[TestFixture]
public class ServiceHostTests
{
    readonly RabbitMqManagement _broker = new();
    readonly ProbeInbox _probes = new();
    TestDatabase _database = null!;
    RunningService _service = null!;

    [OneTimeSetUp]
    public async Task StartService()
    {
        _database = await TestDatabase.Create();

        // Queues left empty by an earlier run are removed, so that their existence below proves this start declared them.
        // A queue still holding messages is left alone: nothing published is ever thrown away by a test.
        foreach (var queue in DownstreamQueues.ByMessageType.Values.Distinct())
            await _broker.DeleteQueueIfEmpty(queue);

        _service = await RunningService.Start(
            new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = _database.ConnectionString },
            bus =>
            {
                bus.AddSingleton(_probes);
                bus.AddConsumer<IntegrationProbeConsumer>();
            });

        var ready = await Eventually.Poll(async () =>
        {
            using var response = await _service.Http.GetAsync("/health/ready");
            return response.StatusCode;
        }, status => status == HttpStatusCode.OK);
        Assert.That(ready, Is.EqualTo(HttpStatusCode.OK), "the service never became ready");
    }

    [OneTimeTearDown]
    public async Task StopService()
    {
        await _service.DisposeAsync();
        await _broker.DeleteQueue(IntegrationProbeConsumer.QueueName);
        await _broker.DeleteExchange(IntegrationProbeConsumer.QueueName);
        await _broker.DeleteExchange(ExchangeOf<IntegrationProbe>());
        await _database.DisposeAsync();
        _broker.Dispose();
    }

    [Test]
    public async Task Live_answers_200()
    {
        using var response = await _service.Http.GetAsync("/health/live");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Ready_answers_200_with_the_bus_the_broker_and_the_service_database_healthy()
    {
        using var response = await _service.Http.GetAsync("/health/ready");
        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var checks = report.RootElement.GetProperty("checks");

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(checks.GetProperty("masstransit-bus").GetProperty("status").GetString(), Is.EqualTo("Healthy"));
            Assert.That(checks.GetProperty("postgres").GetProperty("status").GetString(), Is.EqualTo("Healthy"));
            Assert.That(checks.GetProperty("postgres").GetProperty("description").GetString(), Does.Contain(_database.Name));
            Assert.That(checks.GetProperty("schema").GetProperty("status").GetString(), Is.EqualTo("Healthy"), "migrations applied");
            Assert.That(checks.GetProperty("rabbitmq").GetProperty("status").GetString(), Is.EqualTo("Healthy"), "the broker takes a connection");
            Assert.That(checks.GetProperty("rabbitmq").GetProperty("description").GetString(), Does.Not.Contain("guest"), "no credentials");
        });
    }

    [Test]
    public async Task A_message_published_on_the_broker_reaches_a_consumer_of_the_service_bus()
    {
        var probeId = Guid.NewGuid();

        await _service.Services.GetRequiredService<IPublishEndpoint>().Publish(new IntegrationProbe(probeId));

        var received = _probes.Received(probeId);
        Assert.That(await Task.WhenAny(received, Task.Delay(Eventually.DefaultTimeout)), Is.SameAs(received),
            "the probe published on RabbitMQ never reached the consumer on queue integration-probe");
    }

    [TestCase("deploy", typeof(DeployRequested))]
    [TestCase(DownstreamQueues.Execution, typeof(FixTaskRequested))]
    [TestCase(DownstreamQueues.Execution, typeof(RollbackRequested))]
    [TestCase(DownstreamQueues.E2ETest, typeof(E2ERequested))]
    [TestCase(DownstreamQueues.Announce, typeof(Announcement))]
    [TestCase(DownstreamQueues.Workspace, typeof(WorkspaceDestroyRequested))]
    public async Task Queue_exists_is_durable_and_is_bound_to_the_message_exchange(string queue, Type messageType)
    {
        var info = await _broker.GetQueue(queue);
        var sources = await _broker.GetPublishingExchanges(queue);

        Assert.That(info, Is.Not.Null, $"queue {queue} does not exist");
        Assert.Multiple(() =>
        {
            Assert.That(info!.Durable, Is.True, $"queue {queue} is not durable");
            Assert.That(sources, Does.Contain($"DeployQueue.Contracts:{messageType.Name}"));
        });
    }

    [Test]
    public async Task A_fix_task_published_while_no_executor_runs_waits_in_the_execution_queue()
    {
        var fixTaskId = Guid.NewGuid();
        try
        {
            await _service.Services.GetRequiredService<IPublishEndpoint>().Publish(new FixTaskRequested
            {
                FixTaskId = fixTaskId,
                Kind = FixTaskKind.MergeConflict,
                Title = "FIX: Merge conflict in PR #1",
                Repository = "acme/shop",
                PrNumber = 1,
            });

            var payloads = await Eventually.Poll(() => _broker.PeekPayloads(DownstreamQueues.Execution),
                p => p.Any(body => body.Contains(fixTaskId.ToString())));
            // The management API refreshes its message counts every few seconds.
            var queue = await Eventually.Poll(() => _broker.GetQueue(DownstreamQueues.Execution), q => q?.Messages >= 1);

            Assert.Multiple(() =>
            {
                Assert.That(payloads, Has.Some.Contains(fixTaskId.ToString()));
                Assert.That(queue?.Messages, Is.GreaterThanOrEqualTo(1));
            });
        }
        finally
        {
            await _broker.PurgeQueue(DownstreamQueues.Execution);
        }
    }

    static string ExchangeOf<T>() => $"{typeof(T).Namespace}:{typeof(T).Name}";
}
