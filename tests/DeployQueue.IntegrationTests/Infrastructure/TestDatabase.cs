using Npgsql;

namespace DeployQueue.IntegrationTests.Infrastructure;

/// <summary>A database of its own for one fixture, `deployqueue_test_&lt;random&gt;`, dropped on dispose.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    TestDatabase(string name) => Name = name;

    public string Name { get; }
    public string ConnectionString => LocalServices.Postgres(Name);

    public static async Task<TestDatabase> Create()
    {
        var database = new TestDatabase($"deployqueue_test_{Guid.NewGuid():N}"[..33]);
        await database.Execute($"CREATE DATABASE \"{database.Name}\"");
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await Execute($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
    }

    async Task Execute(string sql)
    {
        await using var connection = new NpgsqlConnection(LocalServices.Postgres("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
