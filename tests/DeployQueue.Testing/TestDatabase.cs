using Npgsql;

namespace DeployQueue.Testing;

/// <summary>A database of its own (`deployqueue_test_&lt;random&gt;` unless named) on the local PostgreSQL or the given
/// server, dropped on dispose.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    readonly PostgresServer _server;

    TestDatabase(string name, PostgresServer server)
    {
        Name = name;
        _server = server;
    }

    public string Name { get; }
    public string ConnectionString => _server.ConnectionString(Name);

    /// <param name="create">false: the database is only named, it does not exist yet.</param>
    /// <param name="server">default: the local one (<see cref="PostgresServer.Local"/>).</param>
    public static Task<TestDatabase> Create(bool create = true, PostgresServer? server = null) =>
        Create($"deployqueue_test_{Guid.NewGuid():N}", create, server);

    /// <inheritdoc cref="Create(bool, PostgresServer?)"/>
    public static async Task<TestDatabase> Create(string name, bool create = true, PostgresServer? server = null)
    {
        var database = new TestDatabase(name, server ?? PostgresServer.Local);
        if (create)
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
        await using var connection = new NpgsqlConnection(_server.ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
