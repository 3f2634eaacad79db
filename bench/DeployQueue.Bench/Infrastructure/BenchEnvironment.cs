using Npgsql;

namespace DeployQueue.Bench.Infrastructure;

/// <summary>
/// A RabbitMQ virtual host and a PostgreSQL database of one measurement's own, `deployqueue-bench-&lt;id&gt;`: created
/// before it, deleted after it, so a bench run never touches the tests' or a running service's queues and tables,
/// and no measurement sees what an earlier one left behind.
/// </summary>
public sealed class BenchEnvironment : IAsyncDisposable
{
    readonly TestVirtualHost virtualHost;
    readonly TestDatabase database;

    BenchEnvironment(TestVirtualHost virtualHost, TestDatabase database)
    {
        this.virtualHost = virtualHost;
        this.database = database;
    }

    public string RabbitMq => virtualHost.ConnectionString;
    public string Postgres => database.ConnectionString;

    public static async Task<BenchEnvironment> Create()
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        return new BenchEnvironment(await TestVirtualHost.Create($"deployqueue-bench-{id}"), await TestDatabase.Create($"deployqueue_bench_{id}"));
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
        await database.DisposeAsync();
        await virtualHost.DisposeAsync();
    }
}
