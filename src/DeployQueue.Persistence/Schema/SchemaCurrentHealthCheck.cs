using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DeployQueue.Persistence.Schema;

/// <summary>Ready only when the database answers and every migration is applied.</summary>
public sealed class SchemaCurrentHealthCheck(DeployQueueSchema schema) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await schema.CheckCurrentAsync(cancellationToken).ConfigureAwait(false)
                ? HealthCheckResult.Healthy("Database schema is current")
                : HealthCheckResult.Unhealthy("Database migrations are pending");
        }
        catch (Exception exception)
        {
            // The message only: a connection exception may quote the connection string's host, never its password.
            return HealthCheckResult.Unhealthy($"Database unreachable: {exception.GetType().Name}");
        }
    }
}
