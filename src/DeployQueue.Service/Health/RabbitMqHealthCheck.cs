using Microsoft.Extensions.Diagnostics.HealthChecks;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace DeployQueue.Service.Health;

/// <summary>
/// Ready only when the broker accepts a connection now. MassTransit's own bus check reports what its receive endpoints
/// last told it, and one instance of two stayed ready through a whole 15 s broker stop (issue 17, scenario 1). A fresh
/// connection, opened and closed, answers for the broker as it is.
/// </summary>
public sealed class RabbitMqHealthCheck(Uri broker) : IHealthCheck
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var factory = new ConnectionFactory
        {
            Uri = broker,
            RequestedConnectionTimeout = Timeout,
            HandshakeContinuationTimeout = Timeout,
            AutomaticRecoveryEnabled = false,
            ClientProvidedName = "deploy-queue readiness",
        };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await using var connection = await factory.CreateConnectionAsync(timeout.Token);
            await connection.CloseAsync(timeout.Token);
            return HealthCheckResult.Healthy($"broker {broker.Host}:{broker.Port} accepts connections");
        }
        catch (Exception e) when (e is BrokerUnreachableException or OperationInterruptedException or OperationCanceledException or IOException)
        {
            // Host and port only: the URI's user info holds the password.
            return HealthCheckResult.Unhealthy($"broker {broker.Host}:{broker.Port} unreachable: {e.GetType().Name}");
        }
    }
}
