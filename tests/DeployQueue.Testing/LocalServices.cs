namespace DeployQueue.Testing;

/// <summary>Where scripts/services.sh runs the broker and the database (see <see cref="BrokerNode.Local"/>,
/// <see cref="PostgresServer.Local"/>).</summary>
public static class LocalServices
{
    public const string BrokerHost = "127.0.0.1:5672";
    public static readonly Uri Management = new("http://127.0.0.1:15672/api/");
    public const string BrokerUser = "guest";
    public const string BrokerPassword = "guest";
}
