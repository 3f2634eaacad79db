using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DeployQueue.Infrastructure.Postgres.Clock;

/// <summary>
/// Measures <see cref="DatabaseClock.Offset"/>: once at start, before the bus sends or polls anything, then every
/// <see cref="Interval"/> (clocks drift, NTP steps them). The database's <c>clock_timestamp()</c> is taken as read at the
/// middle of the shortest of a few round trips. A database not reachable yet leaves the last offset and is asked again sooner.
/// </summary>
public sealed partial class DatabaseClockSynchronizer(
    DatabaseClock clock,
    IMessagingDbContextFactory dbContextFactory,
    ILogger<DatabaseClockSynchronizer> logger) : BackgroundService
{
    static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(5);
    const int Samples = 3;

    /// <summary>A skew worth telling the operator about: timeouts of other instances would be that far off without the correction.</summary>
    static readonly TimeSpan NotableSkew = TimeSpan.FromSeconds(1);

    bool _lastMeasured;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        _lastMeasured = await TryMeasure(cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(_lastMeasured ? Interval : RetryAfterFailure, clock.Local, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (!stoppingToken.IsCancellationRequested)
                _lastMeasured = await TryMeasure(stoppingToken).ConfigureAwait(false);
        }
    }

    /// <summary>One measurement; true when the offset was updated.</summary>
    async Task<bool> TryMeasure(CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await dbContextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "SELECT clock_timestamp()";

            // The sample with the shortest round trip places the database's reading most precisely (as NTP does).
            var best = (RoundTrip: TimeSpan.MaxValue, Offset: TimeSpan.Zero);
            for (var sample = 0; sample < Samples; sample++)
            {
                var sent = clock.Local.GetUtcNow();
                var started = Stopwatch.GetTimestamp();
                var databaseNow = new DateTimeOffset((DateTime)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!);
                var roundTrip = Stopwatch.GetElapsedTime(started);
                if (roundTrip < best.RoundTrip)
                    best = (roundTrip, databaseNow - (sent + roundTrip / 2));
            }
            var offset = best.Offset;

            if ((offset - clock.Offset).Duration() >= NotableSkew)
                LogSkew(offset.TotalSeconds);
            clock.Offset = offset;
            return true;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            LogMeasurementFailed(exception, RetryAfterFailure);
            return false;
        }
    }

    [LoggerMessage(LogLevel.Warning, "This instance's clock differs from the database's by {OffsetSeconds:F1} s; due times and outbox ages use the database's")]
    partial void LogSkew(double offsetSeconds);

    [LoggerMessage(LogLevel.Warning, "Reading the database's clock failed; the last offset stays, next try in {RetryAfter}")]
    partial void LogMeasurementFailed(Exception exception, TimeSpan retryAfter);
}
