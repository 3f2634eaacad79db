namespace DeployQueue.IntegrationTests.Infrastructure;

/// <summary>Where scripts/services.sh runs the broker and the database.</summary>
public static class LocalServices
{
    public const string RabbitMq = "amqp://guest:guest@127.0.0.1:5672/";
    public static readonly Uri Management = new("http://127.0.0.1:15672/");
    public const string ManagementUser = "guest";
    public const string ManagementPassword = "guest";

    static string PostgresPort => Environment.GetEnvironmentVariable("DEPLOYQUEUE_PG_PORT") ?? "5432";

    public static string Postgres(string database) => $"Host=127.0.0.1;Port={PostgresPort};Database={database};Username=postgres";
}
