using System.Diagnostics;
using Npgsql;

namespace DeployQueue.IntegrationTests.Faults;

/// <summary>
/// The fault tests' own RabbitMQ node and PostgreSQL cluster, which they stop and start through scripts/services.sh, so
/// that the shared ones other tests use are never stopped. Each is started on first use and left running for the next run.
/// </summary>
public static class DedicatedServices
{
    const string Name = "faults";
    const int BrokerPort = 5673;
    const int PostgresPort = 5433;

    public static BrokerNode Broker { get; } = new($"127.0.0.1:{BrokerPort}", new Uri($"http://127.0.0.1:{BrokerPort + 10000}/api/"));
    public static PostgresServer Postgres { get; } = new(PostgresPort.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static Task StartBroker() => Services("rabbit-node", "start", Name, $"{BrokerPort}");
    public static Task StopBroker() => Services("rabbit-node", "stop", Name, $"{BrokerPort}");
    public static Task StartPostgres() => Services("postgres-cluster", "start", Name, $"{PostgresPort}");
    /// <summary>Stops the cluster and drops this process's pooled connections to it, which the stop broke.</summary>
    public static async Task StopPostgres()
    {
        await Services("postgres-cluster", "stop", Name, $"{PostgresPort}");
        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>Runs scripts/services.sh with the arguments, failing the test if it fails.</summary>
    internal static async Task Services(params string[] arguments)
    {
        var script = Script();
        var start = new ProcessStartInfo("bash", [script, .. arguments]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.That(process.ExitCode, Is.Zero, $"services.sh {string.Join(' ', arguments)}:\n{await output}{await errors}");
    }

    /// <summary>scripts/services.sh of the checkout these tests were built from.</summary>
    static string Script()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var script = Path.Combine(directory.FullName, "scripts", "services.sh");
            if (File.Exists(script))
                return script;
        }
        throw new FileNotFoundException("scripts/services.sh not found above " + AppContext.BaseDirectory);
    }
}
