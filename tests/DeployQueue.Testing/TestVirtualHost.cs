namespace DeployQueue.Testing;

/// <summary>
/// A RabbitMQ virtual host of its own (`deployqueue-test-&lt;random&gt;` unless named), deleted on dispose with every
/// queue and exchange in it, so that its user shares no queue (such as "scheduler") with anything else.
/// </summary>
public sealed class TestVirtualHost : IAsyncDisposable
{
    readonly RabbitMqManagement _management;

    TestVirtualHost(RabbitMqManagement management, string name)
    {
        _management = management;
        Name = name;
    }

    public string Name { get; }
    public string ConnectionString => LocalServices.RabbitMq(Name);

    public static Task<TestVirtualHost> Create() => Create($"deployqueue-test-{Guid.NewGuid():N}");

    public static async Task<TestVirtualHost> Create(string name)
    {
        var management = new RabbitMqManagement();
        await management.CreateVirtualHost(name);
        return new TestVirtualHost(management, name);
    }

    public async ValueTask DisposeAsync()
    {
        await _management.DeleteVirtualHost(Name);
        _management.Dispose();
    }
}
