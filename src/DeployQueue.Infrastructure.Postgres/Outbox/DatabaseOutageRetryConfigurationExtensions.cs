using System.Net.Sockets;
using Npgsql;

// ReSharper disable once CheckNamespace
namespace MassTransit;

/// <summary>
/// Waits out the database being unreachable (stopped, restarting, failing over): a message whose handling failed because
/// PostgreSQL could not be reached, or cut the connection, is handled again from the start, in memory, after pauses growing
/// from 1 s to 30 s, for about four and a half minutes in all. The message stays unacknowledged in the broker meanwhile, so
/// an instance that dies during the wait loses nothing (the broker redelivers it). Only an outage longer than that sends
/// messages to the error queue. Put it first on an endpoint, outside the outbox, so that each attempt is a new transaction,
/// and keep the endpoint's own retries off what <see cref="IsOutage"/> matches: MassTransit's retries nest so that an
/// inner retry that handled an exception and gave up stops this one. A serialization failure or deadlock is no outage: it
/// is the endpoint's retry's to run again at once.
/// </summary>
public static class DatabaseOutageRetryConfigurationExtensions
{
    const int RetryLimit = 12;
    static readonly TimeSpan FirstPause = TimeSpan.FromSeconds(1);
    static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(30);
    static readonly TimeSpan PauseGrowth = TimeSpan.FromSeconds(2);

    public static void UsePostgresOutageRetry(this IConsumePipeConfigurator configurator) =>
        configurator.UseMessageRetry(retry =>
        {
            retry.Handle<Exception>(IsOutage);
            retry.Exponential(RetryLimit, FirstPause, LongestPause, PauseGrowth);
        });

    /// <summary>The database could not be reached or went away: anywhere in the exception's chain (MassTransit and EF Core
    /// wrap it), a transient Npgsql fault other than the server's own answer, a connection or shutdown error from the server,
    /// or a socket error.</summary>
    public static bool IsOutage(Exception exception) => exception switch
    {
        PostgresException { SqlState: ['0', '8', ..] or ['5', '7', 'P', ..] } => true,
        NpgsqlException npgsql when npgsql.IsTransient && npgsql is not PostgresException => true,
        SocketException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsOutage),
        _ => exception.InnerException is { } inner && IsOutage(inner),
    };
}
