using DeployQueue.Infrastructure.Postgres.Outbox;
using MassTransit;

namespace DeployQueue.Service.Hosting;

/// <summary>Where the RabbitMQ + PostgreSQL profile keeps things, and what its caller adds.</summary>
public sealed record RabbitMqPostgresHosting
{
    /// <summary>The broker's AMQP URI (its path is the virtual host), asked for when the bus is created.</summary>
    public required Func<IServiceProvider, Uri> Broker { get; init; }

    /// <summary>The broker cluster's other nodes (host or host:port), tried in turn after the URI's host.</summary>
    public IReadOnlyList<string> ClusterNodes { get; init; } = [];

    /// <summary>Whether every queue declared is a quorum queue (<c>Hosting:QuorumQueues</c>).</summary>
    public bool QuorumQueues { get; init; }

    /// <summary>The Npgsql connection string of the saga store, the scheduler and the outbox.</summary>
    public required string Postgres { get; init; }

    /// <summary>How often the scheduler looks for due messages: the precision of timeouts and re-checks.</summary>
    public required TimeSpan SchedulerPollInterval { get; init; }

    /// <summary>The endpoints left without the transactional inbox and outbox: consumers that only look, whose answers are
    /// recognised when they come twice.</summary>
    public IReadOnlySet<string> EndpointsWithoutOutbox { get; init; } = new HashSet<string>();

    /// <summary>The outbox's settings where they differ from its defaults.</summary>
    public Action<PostgresOutboxOptions>? ConfigureOutbox { get; init; }

    /// <summary>Runs on the transport just before its endpoints are configured.</summary>
    public Action<IBusRegistrationContext, IRabbitMqBusFactoryConfigurator>? ConfigureTransport { get; init; }
}
