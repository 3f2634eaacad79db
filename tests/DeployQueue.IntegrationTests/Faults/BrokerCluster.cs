using System.Globalization;

namespace DeployQueue.IntegrationTests.Faults;

/// <summary>
/// The fault tests' RabbitMQ cluster (<c>scripts/services.sh cluster</c>): three nodes on loopback, AMQP on 5681 to 5683,
/// of which a test kills one and starts it again. Started on first use and left running for the next run.
/// </summary>
public static class BrokerCluster
{
    const int FirstPort = 5681;

    /// <summary>The node the service connects to first, so that killing it cuts every instance's connection.</summary>
    public const int FirstNode = 1;

    /// <summary>Node numbers, 1 to 3.</summary>
    public static IReadOnlyList<int> Nodes { get; } = [1, 2, 3];

    /// <summary>
    /// The cluster as the tests reach it: AMQP on <see cref="FirstNode"/>, and the management API on the last node, which no
    /// test stops (a virtual host, its queues and connections are the whole cluster's, whichever node answers).
    /// </summary>
    public static BrokerNode Entry { get; } = new($"127.0.0.1:{Port(FirstNode)}", new Uri($"http://127.0.0.1:{Port(Nodes[^1]) + 10000}/api/"));

    /// <summary>The service on the cluster: its other nodes, tried in turn after the first, and every queue a quorum queue.</summary>
    public static IReadOnlyDictionary<string, string?> ServiceSettings { get; } = Nodes.Where(n => n != FirstNode)
        .Select((node, i) => KeyValuePair.Create($"Hosting:RabbitMqClusterNodes:{i}", (string?)$"127.0.0.1:{Port(node)}"))
        .Append(KeyValuePair.Create("Hosting:QuorumQueues", (string?)"true"))
        .ToDictionary();

    public static string NodeName(int node) => $"cluster{node}@localhost";

    public static Task Start() => DedicatedServices.Services("cluster", "start");

    /// <summary>SIGKILL to the node's Erlang VM: no goodbye to its peers or its clients.</summary>
    public static Task KillNode(int node) => DedicatedServices.Services("cluster", "kill-node", Number(node));

    /// <summary>Starts the node again and waits until the cluster counts it running.</summary>
    public static Task StartNode(int node) => DedicatedServices.Services("cluster", "start-node", Number(node));

    static int Port(int node) => FirstPort + node - 1;
    static string Number(int node) => node.ToString(CultureInfo.InvariantCulture);
}
