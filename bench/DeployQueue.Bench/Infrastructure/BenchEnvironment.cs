using Npgsql;

namespace DeployQueue.Bench.Infrastructure;

/// <summary>
/// A RabbitMQ virtual host and a PostgreSQL database of one measurement's own, `deployqueue-bench-&lt;id&gt;`: created
/// before it, deleted after it, so a bench run never touches the tests' or a running service's queues and tables,
/// and no measurement sees what an earlier one left behind.
/// </summary>
public sealed class BenchEnvironment : IAsyncDisposable
{
    readonly RabbitMqManagement broker;

    BenchEnvironment(RabbitMqManagement broker, string id)
    {
        this.broker = broker;
        VirtualHost = $"deployqueue-bench-{id}";
        Database = $"deployqueue_bench_{id}";
    }

    public string VirtualHost { get; }
    public string Database { get; }
    public string RabbitMq => LocalServices.RabbitMq(VirtualHost);
    public string Postgres => LocalServices.Postgres(Database);

    public static async Task<BenchEnvironment> Create(RabbitMqManagement broker)
    {
        var environment = new BenchEnvironment(broker, Guid.NewGuid().ToString("N")[..12]);
        await broker.CreateVirtualHost(environment.VirtualHost);
        await ExecuteOnServer($"CREATE DATABASE \"{environment.Database}\"");
        return environment;
    }

    /// <summary>Reads one number from the environment's database.</summary>
    public async Task<long> Scalar(string sql)
    {
        await using var connection = new NpgsqlConnection(Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync() ?? 0L);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteOnServer($"DROP DATABASE IF EXISTS \"{Database}\" WITH (FORCE)");
        await broker.DeleteVirtualHost(VirtualHost);
    }

    static async Task ExecuteOnServer(string sql)
    {
        await using var connection = new NpgsqlConnection(LocalServices.Postgres("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
