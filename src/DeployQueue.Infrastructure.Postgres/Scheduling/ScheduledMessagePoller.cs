using System.Data;
using MassTransit;
using MassTransit.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeployQueue.Infrastructure.Postgres.Scheduling;

/// <summary>
/// Sends scheduled messages when they fall due. Any number of instances poll at once: each claims its rows
/// with <c>FOR UPDATE SKIP LOCKED</c>, sends them, and deletes them in the same short transaction, so a row is
/// sent by one instance (or, if that instance dies between the send and the commit, sent again: the
/// scheduling token makes the duplicate harmless to a state machine).
/// </summary>
public sealed class ScheduledMessagePoller(
    IMessagingDbContextFactory dbContextFactory,
    IBus bus,
    IOptions<PostgresSchedulerOptions> options,
    ILogger<ScheduledMessagePoller> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            var claimed = 0;
            try
            {
                claimed = await DispatchDue(settings, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Dispatching scheduled messages failed; next try in {PollInterval}", settings.PollInterval);
            }

            // A full batch means more may be due: go on at once.
            if (claimed < settings.BatchSize)
                await Task.Delay(settings.PollInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    async Task<int> DispatchDue(PostgresSchedulerOptions settings, CancellationToken cancellationToken)
    {
        await using var db = await dbContextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken)
            .ConfigureAwait(false);

        var now = DateTimeOffset.UtcNow;
        var due = await db.Set<ScheduledMessageRow>().FromSqlInterpolated($"""
                SELECT * FROM scheduled_messages WHERE "DueAt" <= {now}
                ORDER BY "DueAt" LIMIT {settings.BatchSize} FOR UPDATE SKIP LOCKED
                """)
            .ToListAsync(cancellationToken).ConfigureAwait(false);

        foreach (var row in due)
        {
            if (row.CancelledAt != null || await TrySend(row, cancellationToken).ConfigureAwait(false))
                db.Set<ScheduledMessageRow>().Remove(row);
            else
                row.DueAt = now + settings.SendRetryDelay;
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return due.Count;
    }

    async Task<bool> TrySend(ScheduledMessageRow row, CancellationToken cancellationToken)
    {
        try
        {
            var endpoint = await bus.GetSendEndpoint(new Uri(row.Destination)).ConfigureAwait(false);
            await endpoint.Send(new SerializedMessageBody(), new ScheduledMessageSendPipe(row), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(exception, "Scheduled message {TokenId} to {Destination} could not be sent; it stays scheduled",
                row.TokenId, row.Destination);
            return false;
        }
    }
}
