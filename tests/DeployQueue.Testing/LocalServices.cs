namespace DeployQueue.Testing;

/// <summary>Where scripts/services.sh runs the broker and the database (the PostgreSQL port may be moved with DEPLOYQUEUE_PG_PORT).</summary>
public static class LocalServices
{
    public const string BrokerHost = "127.0.0.1:5672";
    public static readonly Uri Management = new("http://127.0.0.1:15672/api/");
    public const string BrokerUser = "guest";
    public const string BrokerPassword = "guest";

    static string PostgresPort => Environment.GetEnvironmentVariable("DEPLOYQUEUE_PG_PORT") ?? "5432";

    public static string RabbitMq(string virtualHost) =>
        $"amqp://{BrokerUser}:{BrokerPassword}@{BrokerHost}/{Uri.EscapeDataString(virtualHost)}";

    public static string Postgres(string database) => $"Host=127.0.0.1;Port={PostgresPort};Database={database};Username=postgres";
}
