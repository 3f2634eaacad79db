using System.Data;
using MassTransit;
using MassTransit.Middleware;
using MassTransit.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeployQueue.Infrastructure.Postgres.Outbox;

/// <summary>
/// Sends the outbox rows an instance left behind when it died between its commit and its delivery, and forgets
/// inbox rows past their retention. Any number of instances run it: each claims rows older than
/// <see cref="PostgresOutboxOptions.OrphanAge"/> with <c>FOR UPDATE SKIP LOCKED</c>, sends them with their own
/// MessageIds, and deletes them in the same transaction (dying before that commit means they are sent again,
/// with the same MessageIds).
/// </summary>
public sealed class OutboxDeliveryService(
    IMessagingDbContextFactory dbContextFactory,
    IBusControl bus,
    IOptions<PostgresOutboxOptions> options,
    TimeProvider clock,
    ILogger<OutboxDeliveryService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        // Sent before the bus declared its topology, a published message could find no binding yet and vanish.
        await ((Task)bus.WaitForHealthStatus(BusHealthStatus.Healthy, stoppingToken)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var nextCleanup = clock.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            var sent = 0;
            try
            {
                sent = await DeliverOrphans(settings, stoppingToken).ConfigureAwait(false);
                if (clock.GetUtcNow() >= nextCleanup)
                {
                    await ForgetOldInboxRows(settings, stoppingToken).ConfigureAwait(false);
                    nextCleanup = clock.GetUtcNow() + settings.InboxCleanupInterval;
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Delivering outbox messages failed; next try in {PollInterval}", settings.PollInterval);
            }

            // A full batch means more may be waiting: go on at once.
            if (sent < settings.BatchSize)
                await Task.Delay(settings.PollInterval, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    async Task<int> DeliverOrphans(PostgresOutboxOptions settings, CancellationToken cancellationToken)
    {
        await using var db = await dbContextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken)
            .ConfigureAwait(false);

        var orphanedBefore = clock.GetUtcNow() - settings.OrphanAge;
        var orphans = await db.Set<OutboxMessage>().FromSqlInterpolated($"""
                SELECT * FROM outbox_messages WHERE "CreatedAt" < {orphanedBefore}
                ORDER BY "CreatedAt", "InboxMessageId", "InboxConsumerId", "SequenceNumber"
                LIMIT {settings.BatchSize} FOR UPDATE SKIP LOCKED
                """)
            .ToListAsync(cancellationToken).ConfigureAwait(false);

        var sent = 0;
        foreach (var message in orphans)
        {
            // Stop at the first failure, so that the messages of one consumed message keep their order.
            if (!await TrySend(message.ReadHeaders(), cancellationToken).ConfigureAwait(false))
                break;
            db.Set<OutboxMessage>().Remove(message);
            sent++;
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (sent > 0)
            logger.LogInformation("Sent {Count} outbox message(s) left by an earlier delivery", sent);
        return sent;
    }

    async Task<bool> TrySend(OutboxMessage message, CancellationToken cancellationToken)
    {
        if (message.DestinationAddress is not { } destination)
            return true;
        try
        {
            var endpoint = await bus.GetSendEndpoint(destination).ConfigureAwait(false);
            await endpoint.Send(new SerializedMessageBody(), new OutboxMessageSendPipe(message, destination), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(exception, "Outbox message {MessageId} to {Destination} could not be sent; it stays in the outbox",
                message.MessageId, destination);
            return false;
        }
    }

    async Task ForgetOldInboxRows(PostgresOutboxOptions settings, CancellationToken cancellationToken)
    {
        var before = clock.GetUtcNow() - settings.InboxRetention;
        await using var db = await dbContextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await db.Set<InboxState>().Where(x => x.ConsumedAt < before).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
    }
}
