using Npgsql;

namespace DeployQueue.Persistence.Tests.Infrastructure;

/// <summary>A database of its own on the local PostgreSQL (deployqueue_test_&lt;random&gt;), dropped at the end.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    const string Server = "Host=127.0.0.1;Port=5432;Username=postgres";

    TestDatabase(string name) => Name = name;

    public string Name { get; }

    public string ConnectionString => $"{Server};Database={Name}";

    /// <summary>Names a database; with <paramref name="create"/> false it does not exist yet.</summary>
    public static async Task<TestDatabase> Create(bool create = true)
    {
        var database = new TestDatabase($"deployqueue_test_{Guid.NewGuid():N}");
        if (create)
            await Admin($"CREATE DATABASE \"{database.Name}\"");
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await Admin($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
    }

    static async Task Admin(string sql)
    {
        await using var connection = new NpgsqlConnection($"{Server};Database=postgres");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
