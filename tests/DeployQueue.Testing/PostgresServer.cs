namespace DeployQueue.Testing;

/// <summary>A PostgreSQL server on 127.0.0.1 (user postgres, no password) as the tests reach it.</summary>
public sealed record PostgresServer(string Port)
{
    /// <summary>The server scripts/services.sh runs for every test (its port may be moved with DEPLOYQUEUE_PG_PORT).</summary>
    public static PostgresServer Local => new(Environment.GetEnvironmentVariable("DEPLOYQUEUE_PG_PORT") ?? "5432");

    public string ConnectionString(string database) => $"Host=127.0.0.1;Port={Port};Database={database};Username=postgres";
}
