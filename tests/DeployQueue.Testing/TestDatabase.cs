using Npgsql;

namespace DeployQueue.Testing;

/// <summary>A database of its own on the local PostgreSQL (`deployqueue_test_&lt;random&gt;` unless named), dropped on dispose.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    TestDatabase(string name) => Name = name;

    public string Name { get; }
    public string ConnectionString => LocalServices.Postgres(Name);

    /// <param name="create">false: the database is only named, it does not exist yet.</param>
    public static Task<TestDatabase> Create(bool create = true) => Create($"deployqueue_test_{Guid.NewGuid():N}", create);

    /// <inheritdoc cref="Create(bool)"/>
    public static async Task<TestDatabase> Create(string name, bool create = true)
    {
        var database = new TestDatabase(name);
        if (create)
            await Execute($"CREATE DATABASE \"{database.Name}\"");
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await Execute($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
    }

    static async Task Execute(string sql)
    {
        await using var connection = new NpgsqlConnection(LocalServices.Postgres("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
