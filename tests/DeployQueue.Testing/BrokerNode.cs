namespace DeployQueue.Testing;

/// <summary>A RabbitMQ node as the tests reach it: its AMQP listener and its management API (user guest on both).</summary>
public sealed record BrokerNode(string AmqpHost, Uri Management)
{
    /// <summary>The node scripts/services.sh runs for every test.</summary>
    public static BrokerNode Local { get; } = new(LocalServices.BrokerHost, LocalServices.Management);

    public string ConnectionString(string virtualHost) =>
        $"amqp://{LocalServices.BrokerUser}:{LocalServices.BrokerPassword}@{AmqpHost}/{Uri.EscapeDataString(virtualHost)}";
}
