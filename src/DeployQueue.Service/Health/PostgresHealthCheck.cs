using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace DeployQueue.Service.Health;

/// <summary>
/// Ready only when the service's database answers a query within <see cref="TimeoutSeconds"/>. The probe has a pool of its
/// own (two connections, under its own application name): on the service's pool it waited behind the hundreds of messages an
/// instance takes at once after a start, and an instance restarted under a burst was not ready within 30 s.
/// </summary>
public sealed class PostgresHealthCheck(string connectionString) : IHealthCheck
{
    const int TimeoutSeconds = 2;

    readonly string _probeConnectionString = new NpgsqlConnectionStringBuilder(connectionString)
    {
        ApplicationName = "deploy-queue readiness",
        MaxPoolSize = 2,
        Timeout = TimeoutSeconds,
        CommandTimeout = TimeoutSeconds,
    }.ConnectionString;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(TimeoutSeconds));
        try
        {
            await using var connection = new NpgsqlConnection(_probeConnectionString);
            await connection.OpenAsync(timeout.Token);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(timeout.Token);
            return HealthCheckResult.Healthy($"database {connection.Database} reachable");
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException or OperationCanceledException)
        {
            // Npgsql's messages name host and database, never the password.
            return HealthCheckResult.Unhealthy($"database unreachable: {e.Message}");
        }
    }
}
