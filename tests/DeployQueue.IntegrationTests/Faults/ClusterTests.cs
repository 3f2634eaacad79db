using System.Diagnostics;
using System.Net;
using DeployQueue.Domain.Intake;
using DeployQueue.IntegrationTests.Infrastructure;
using DeployQueue.Service.Messaging;
using DeployQueue.Simulators.GitHub.Scripting;

namespace DeployQueue.IntegrationTests.Faults;

/// <summary>
/// Issue 17, scenario 5: the service on a three-node RabbitMQ cluster with <c>Hosting:QuorumQueues</c>
/// (<see cref="BrokerCluster"/>). Every queue it declares is a quorum queue replicated on the three nodes; and when the node
/// both instances are connected to is killed mid-run (SIGKILL) and started again, they carry on on the other two: every
/// deploy ends as it should, each PR merged once, each downstream message sent once, no error queue holding a message,
/// each instance ready throughout without being restarted.
/// </summary>
[TestFixture]
public class ClusterTests
{
    const int Lanes = 10;
    const int PerLane = 10;
    static readonly TimeSpan Bound = TimeSpan.FromMinutes(4);
    static readonly TimeSpan ReconnectBound = TimeSpan.FromSeconds(30);

    [OneTimeSetUp]
    public Task StartCluster() => BrokerCluster.Start();

    [Test]
    public async Task Every_queue_the_service_declares_is_a_quorum_queue_on_every_node()
    {
        await using var system = await EndToEndSystem.Create(broker: BrokerCluster.Entry, settings: BrokerCluster.ServiceSettings);
        await system.StartService();
        // Error queues are declared on their first message: a request that is not JSON is rejected to deploy_error.
        var errorQueue = DeployRequestedConsumerDefinition.QueueName + "_error";
        await system.SendToDeployQueue("{ \"title\": ");
        await Eventually.Poll(() => system.Broker.GetQueue(errorQueue), q => q?.Messages > 0);

        var queues = (await system.Broker.GetQueues()).Where(q => q.Durable).ToList();

        var expected = DownstreamQueues.ByMessageType.Values.Distinct().Append(DeployRequestedConsumerDefinition.QueueName).Append(errorQueue);
        Assert.That(queues.Select(q => q.Name), Is.SupersetOf(expected));
        AssertQuorumOnEveryNode(queues);
    }

    [Test]
    public async Task Deploys_survive_the_node_the_instances_are_connected_to_killed_and_restarted()
    {
        await using var system = await EndToEndSystem.Create(repositories: Lanes, targets: DeployStream.Targets(Lanes), broker: BrokerCluster.Entry,
            settings: BrokerCluster.ServiceSettings);
        var stream = new DeployStream(system, PerLane, Pace.AfterPolls(2));
        var store = new SagaStore(system.Database);
        var killedNode = BrokerCluster.NodeName(BrokerCluster.FirstNode);
        IReadOnlyList<RabbitMqManagement.ConnectionInfo> before = [], whileDown = [];
        List<HttpStatusCode?> readyWhileDown = [], readyAfter = [];
        int finishedBefore = 0, finishedWhileDown = 0;
        var down = TimeSpan.Zero;

        var outcome = await stream.RunOnTwoInstances(async services =>
        {
            // Mid-run: a quarter of the deploys ended, the rest in every state from queued to smoke.
            await stream.WaitUntilFinished(stream.Deploys.Count / 4, Bound);
            before = await system.Broker.GetConnections();
            await BrokerCluster.KillNode(BrokerCluster.FirstNode);
            finishedBefore = (await store.Finished(stream.DeployIds)).Count;
            var killed = Stopwatch.StartNew();
            // The instances reconnect to the other nodes, and deploys keep ending there: another quarter, the node still down.
            whileDown = await Eventually.Poll(system.Broker.GetConnections, c => c.Count >= before.Count && c.All(n => n.Node != killedNode), ReconnectBound);
            await stream.WaitUntilFinished(finishedBefore + stream.Deploys.Count / 4, Bound);
            finishedWhileDown = (await store.Finished(stream.DeployIds)).Count;
            readyWhileDown = await OutageTests.Readiness(services, HttpStatusCode.OK, OutageTests.BackBound);
            await BrokerCluster.StartNode(BrokerCluster.FirstNode);
            down = killed.Elapsed;
            readyAfter = await OutageTests.Readiness(services, HttpStatusCode.OK, OutageTests.BackBound);
        }, Bound);
        // The restarted node catches up on every queue as a replica again.
        var queues = await Eventually.Poll(async () => (await system.Broker.GetQueues()).Where(q => q.Durable).ToList(),
            q => q.All(queue => queue.Online?.Count == BrokerCluster.Nodes.Count), ReconnectBound);

        Assert.Multiple(() =>
        {
            Assert.That(before, Is.Not.Empty.And.All.Matches<RabbitMqManagement.ConnectionInfo>(c => c.Node == killedNode),
                "every connection of the instances on the node killed");
            Assert.That(whileDown.Select(c => c.Node).ToList(), Has.Count.GreaterThanOrEqualTo(before.Count).And.None.EqualTo(killedNode),
                "the instances reconnected to the other nodes");
            Assert.That(finishedWhileDown - finishedBefore, Is.GreaterThanOrEqualTo(stream.Deploys.Count / 4), "deploys ended while the node was down");
            Assert.That(readyWhileDown, Has.Count.EqualTo(2).And.All.EqualTo(HttpStatusCode.OK), "/health/ready of each instance on two nodes of three");
            Assert.That(readyAfter, Has.Count.EqualTo(2).And.All.EqualTo(HttpStatusCode.OK), "/health/ready of each instance once the node is back");
            AssertQuorumOnEveryNode(queues);
            outcome.AssertNothingLostOrDuplicated("5. A RabbitMQ cluster node killed (quorum queues)",
                $"SIGKILL to the node both instances were connected to; restarted {down.TotalSeconds:F0} s later, " +
                $"{finishedWhileDown - finishedBefore} deploys ended meanwhile");
        });
    }

    /// <summary>Each queue a quorum queue with a replica on every node of the cluster.</summary>
    static void AssertQuorumOnEveryNode(IReadOnlyList<RabbitMqManagement.QueueInfo> queues)
    {
        var nodes = BrokerCluster.Nodes.Select(BrokerCluster.NodeName).ToList();
        foreach (var queue in queues)
        {
            Assert.That(queue.Type, Is.EqualTo("quorum"), $"queue {queue.Name}");
            Assert.That(queue.Members, Is.EquivalentTo(nodes), $"replicas of queue {queue.Name}");
        }
    }
}
