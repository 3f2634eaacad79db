using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DeployQueue.Persistence.Schema;

/// <summary>
/// Migrates the schema when the host starts, before the hosted services registered after it (the bus, if
/// <c>AddDeployQueuePersistence</c> comes before <c>AddMassTransit</c>). While the database is unreachable it
/// keeps trying: the instance stays not ready and consumes nothing.
/// </summary>
public sealed class SchemaMigrationHostedService(DeployQueueSchema schema, ILogger<SchemaMigrationHostedService> logger) : IHostedService
{
    static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await schema.MigrateAsync(cancellationToken).ConfigureAwait(false);
                logger.LogInformation("Database schema is current");
                return;
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested && IsConnectionFailure(exception))
            {
                logger.LogWarning("Database unreachable for migrations ({Reason}); retrying in {Delay}", exception.Message, RetryDelay);
                await Task.Delay(RetryDelay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    static bool IsConnectionFailure(Exception exception) =>
        exception is Npgsql.NpgsqlException { IsTransient: true } or System.Net.Sockets.SocketException or TimeoutException;
}
