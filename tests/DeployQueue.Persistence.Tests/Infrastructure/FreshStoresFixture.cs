namespace DeployQueue.Persistence.Tests.Infrastructure;

/// <summary>A database and a RabbitMQ virtual host of each test's own, created before it and dropped after it.</summary>
public abstract class FreshStoresFixture
{
    protected static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    protected TestDatabase Database { get; private set; } = null!;
    protected TestVirtualHost VirtualHost { get; private set; } = null!;

    [SetUp]
    public async Task CreateStores()
    {
        Database = await TestDatabase.Create();
        VirtualHost = await TestVirtualHost.Create();
    }

    [TearDown]
    public async Task DropStores()
    {
        await VirtualHost.DisposeAsync();
        await Database.DisposeAsync();
    }
}
