using System.Data;
using DeployQueue.Infrastructure.Postgres.Clock;
using MassTransit;
using MassTransit.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace DeployQueue.Infrastructure.Postgres.Polling;

/// <summary>
/// The poll-claim-send-delete loop over rows that wait in a table to be sent (<see cref="IDueRows{TRow}"/>). Any number
/// of instances run it at once: each pass claims due rows with <c>FOR UPDATE SKIP LOCKED</c>, sends them, and deletes
/// them in the same short transaction, so a row is sent by one instance (or, if that instance dies between the send and
/// the commit, again by the next, as it was stored: same MessageId, same scheduling token). A send that has not finished
/// within <paramref name="sendTimeout"/> counts as failed (<see cref="SendTimeout"/>), and a failed send ends the pass, so
/// that a broker gone away holds the claimed rows for one send's time at most.
/// </summary>
public sealed class DueRowPump<TRow>(
    IDueRows<TRow> rows,
    IMessagingDbContextFactory dbContextFactory,
    IBus bus,
    DatabaseClock clock,
    TimeSpan sendTimeout,
    ILogger logger)
    where TRow : class
{
    public async Task Run(TimeSpan pollInterval, int batchSize, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var settled = 0;
            try
            {
                settled = await SendDue(batchSize, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Sending due rows failed; next try in {PollInterval}", pollInterval);
            }

            // A full batch settled means more may be due: go on at once.
            if (settled < batchSize)
                await Task.Delay(pollInterval, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>One pass: how many claimed rows it settled (deleted, or put off after a failed send).</summary>
    async Task<int> SendDue(int batchSize, CancellationToken cancellationToken)
    {
        await using var db = await dbContextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken)
            .ConfigureAwait(false);

        var now = clock.GetUtcNow();
        var due = await rows.Claim(db, now, batchSize).ToListAsync(cancellationToken).ConfigureAwait(false);

        var deleted = 0;
        var putOff = 0;
        foreach (var row in due)
        {
            if (!await TrySend(row, cancellationToken).ConfigureAwait(false))
            {
                // The broker is most likely away for the rows after it too: they go back, unlocked, to the next pass.
                if (rows.PutOff(row, now))
                    putOff++;
                break;
            }
            db.Remove(row);
            deleted++;
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        rows.Delivered(deleted);
        return deleted + putOff;
    }

    async Task<bool> TrySend(TRow row, CancellationToken cancellationToken)
    {
        try
        {
            if (rows.DestinationOf(row) is { } destination)
                await Send(row, destination, cancellationToken).Within(sendTimeout, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(exception, "{Row} could not be sent; it is tried again later", rows.Describe(row));
            return false;
        }
    }

    async Task Send(TRow row, Uri destination, CancellationToken cancellationToken)
    {
        var endpoint = await bus.GetSendEndpoint(destination).ConfigureAwait(false);
        await endpoint.Send(new SerializedMessageBody(), rows.SendPipe(row, destination), cancellationToken).ConfigureAwait(false);
    }
}
