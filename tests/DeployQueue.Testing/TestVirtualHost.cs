namespace DeployQueue.Testing;

/// <summary>
/// A RabbitMQ virtual host of its own (`deployqueue-test-&lt;random&gt;` unless named) on the local broker or the given node,
/// deleted on dispose with every queue and exchange in it, so that its user shares no queue (such as "scheduler") with
/// anything else.
/// </summary>
public sealed class TestVirtualHost : IAsyncDisposable
{
    readonly RabbitMqManagement _management;

    TestVirtualHost(RabbitMqManagement management, string name, BrokerNode node)
    {
        _management = management;
        Name = name;
        Node = node;
    }

    public string Name { get; }
    public BrokerNode Node { get; }
    public string ConnectionString => Node.ConnectionString(Name);

    /// <param name="node">default: the local one (<see cref="BrokerNode.Local"/>).</param>
    public static Task<TestVirtualHost> Create(BrokerNode? node = null) => Create($"deployqueue-test-{Guid.NewGuid():N}", node);

    /// <inheritdoc cref="Create(BrokerNode?)"/>
    public static async Task<TestVirtualHost> Create(string name, BrokerNode? node = null)
    {
        node ??= BrokerNode.Local;
        var management = new RabbitMqManagement(node: node);
        await management.CreateVirtualHost(name);
        return new TestVirtualHost(management, name, node);
    }

    public async ValueTask DisposeAsync()
    {
        await _management.DeleteVirtualHost(Name);
        _management.Dispose();
    }
}
