namespace DeployQueue.Domain.Ports;

/// <summary>
/// The exceptions by which the host knows that one of its own dependencies is down (the database, in the RabbitMQ +
/// PostgreSQL hosting). The host waits those out around every endpoint, for minutes; an endpoint's own retries leave them
/// alone (<see cref="EndpointRetryExtensions.UseEndpointRetry"/>), because MassTransit's retries nest so that an inner
/// retry that gave up stops the outer one: a database stopped for 15 s sent messages to the error queues after the inner
/// retries' few seconds.
/// </summary>
public sealed record DependencyOutage(Func<Exception, bool> Matches);
