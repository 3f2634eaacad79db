using Microsoft.Extensions.Diagnostics.HealthChecks;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace DeployQueue.Service.Health;

/// <summary>
/// Ready only when the broker accepts a connection now. MassTransit's own bus check reports what its receive endpoints
/// last told it, and one instance of two stayed ready through a whole 15 s broker stop (issue 17, scenario 1). A fresh
/// connection, opened and closed, answers for the broker as it is. On a cluster, any node accepting one will do, as the
/// bus reconnects to the next node: one node of three down leaves the service ready (issue 17, scenario 5).
/// </summary>
public sealed class RabbitMqHealthCheck(Uri broker, IReadOnlyList<string> clusterNodes) : IHealthCheck
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
            var nodes = clusterNodes.Select(AmqpTcpEndpoint.Parse).Prepend(new AmqpTcpEndpoint(broker.Host, broker.Port)).ToList();
            await using var connection = await factory.CreateConnectionAsync(nodes, timeout.Token);
            await connection.CloseAsync(timeout.Token);
            return HealthCheckResult.Healthy($"broker {connection.Endpoint.HostName}:{connection.Endpoint.Port} accepts connections");
        }
        catch (Exception e) when (e is BrokerUnreachableException or OperationInterruptedException or OperationCanceledException or IOException)
        {
            // Host and port only: the URI's user info holds the password.
            return HealthCheckResult.Unhealthy($"broker {broker.Host}:{broker.Port} unreachable: {e.GetType().Name}");
        }
    }
}
