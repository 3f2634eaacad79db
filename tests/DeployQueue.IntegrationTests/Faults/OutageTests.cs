using System.Diagnostics;
using System.Net;
using DeployQueue.IntegrationTests.Infrastructure;
using DeployQueue.Simulators.GitHub.Scripting;

namespace DeployQueue.IntegrationTests.Faults;

/// <summary>
/// Issue 17, scenarios 1 and 2: the broker, or the database, stops for 15 s while two instances work a stream of deploys,
/// and starts again. Both run on the fault tests' own node and cluster (<see cref="DedicatedServices"/>). While the
/// dependency is down each instance says it is not ready (503); after, ready again (200) without being restarted; and
/// every deploy ends as it should, each PR merged once, each downstream message sent once, no error queue holding a message.
/// </summary>
[TestFixture]
public class OutageTests
{
    const int Lanes = 10;
    const int PerLane = 10;
    static readonly TimeSpan Outage = TimeSpan.FromSeconds(15);
    static readonly TimeSpan DownBound = TimeSpan.FromSeconds(30);

    // MassTransit's receive endpoints reconnect to RabbitMQ on a schedule of their own (RabbitMqHostConfiguration's
    // ReceiveTransportRetryPolicy, not configurable: 3 s, then exponentially longer, up to 30 s between attempts), and the bus
    // is ready once every endpoint is: after an outage this long, up to 30 s after the broker answers again, and the attempt
    // itself on a loaded machine.
    internal static readonly TimeSpan BackBound = TimeSpan.FromSeconds(60);
    static readonly TimeSpan Bound = TimeSpan.FromMinutes(4);

    // A deploy's timeouts keep counting while the broker or the database is down (15 s, and as long again until the node
    // answers after its start on a loaded machine, then up to 37 s until every endpoint is back), and the backlog it leaves
    // takes a while: the suite's 1 min merge and deploy and 30 s smoke timeouts leave too little of a margin for that. The
    // defaults (30 min, 30 min, 5 min) allow for an outage many times this long; these still fail a deploy that is lost
    // within the bound.
    static readonly Dictionary<string, string?> Timeouts = DeployStream.Targets(Lanes)
        .SelectMany(target => new[]
        {
            KeyValuePair.Create($"DeployQueue:Targets:{target}:Timeouts:Merge", (string?)"00:03:00"),
            KeyValuePair.Create($"DeployQueue:Targets:{target}:Timeouts:Deploy", (string?)"00:03:00"),
            KeyValuePair.Create($"DeployQueue:Targets:{target}:Timeouts:Smoke", (string?)"00:02:00"),
        })
        .ToDictionary();

    [Test]
    public async Task Deploys_survive_the_broker_stopped_for_15_s() =>
        await RunThroughOutage("1. RabbitMQ stopped for 15 s", broker: DedicatedServices.Broker, postgres: null,
            DedicatedServices.StartBroker, DedicatedServices.StopBroker);

    [Test]
    public async Task Deploys_survive_the_database_stopped_for_15_s() =>
        await RunThroughOutage("2. PostgreSQL stopped for 15 s", broker: null, postgres: DedicatedServices.Postgres,
            DedicatedServices.StartPostgres, DedicatedServices.StopPostgres);

    static async Task RunThroughOutage(string scenario, BrokerNode? broker, PostgresServer? postgres, Func<Task> start, Func<Task> stop)
    {
        await start();
        await using var system = await EndToEndSystem.Create(repositories: Lanes, targets: DeployStream.Targets(Lanes), settings: Timeouts,
            broker: broker, postgres: postgres);
        var stream = new DeployStream(system, PerLane, Pace.AfterPolls(2));
        List<HttpStatusCode?> whileDown = [], after = [];
        var down = TimeSpan.Zero;

        var outcome = await stream.RunOnTwoInstances(async services =>
        {
            // Mid-run: a quarter of the deploys ended, the rest in every state from queued to smoke.
            await stream.WaitUntilFinished(stream.Deploys.Count / 4, Bound);
            await stop();
            var stopped = Stopwatch.StartNew();
            whileDown = await Readiness(services, HttpStatusCode.ServiceUnavailable, DownBound);
            // The outage itself: it lasts its 15 s, whatever the instances do meanwhile.
            if (stopped.Elapsed < Outage)
                await Task.Delay(Outage - stopped.Elapsed);
            await start();
            down = stopped.Elapsed;
            after = await Readiness(services, HttpStatusCode.OK, BackBound);
        }, Bound);

        Assert.Multiple(() =>
        {
            Assert.That(whileDown, Has.Count.EqualTo(2).And.All.EqualTo(HttpStatusCode.ServiceUnavailable), "/health/ready of each instance while down");
            Assert.That(after, Has.Count.EqualTo(2).And.All.EqualTo(HttpStatusCode.OK), "/health/ready of each instance once it is back");
            outcome.AssertNothingLostOrDuplicated(scenario, $"stopped {Outage.TotalSeconds:F0} s ({down.TotalSeconds:F0} s until started again)");
        });
    }

    /// <summary>Each instance's /health/ready, polled until it answers <paramref name="expected"/> or <paramref name="bound"/> passes.</summary>
    internal static async Task<List<HttpStatusCode?>> Readiness(ServiceProcesses services, HttpStatusCode expected, TimeSpan bound)
    {
        var statuses = new List<HttpStatusCode?>();
        var clock = Stopwatch.StartNew();
        foreach (var service in services.Running)
        {
            var status = await Eventually.Poll(() => service.Status("/health/ready"), status => status == expected, bound);
            TestContext.Out.WriteLine(status == expected
                ? $"service {service.Process.Id}: /health/ready {(int)expected} after {clock.Elapsed.TotalSeconds:F0} s"
                : $"service {service.Process.Id}: /health/ready not {(int)expected} after {bound.TotalSeconds:F0} s: {await service.Readiness()}");
            statuses.Add(status);
        }
        return statuses;
    }
}
