using DeployQueue.Infrastructure.Postgres.Clock;
using DeployQueue.Infrastructure.Postgres.Polling;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeployQueue.Infrastructure.Postgres.Outbox;

/// <summary>
/// Sends the outbox rows an instance left behind when it died between its commit and its delivery, and forgets
/// inbox rows past their retention. Any number of instances run it: each claims rows older than
/// <see cref="PostgresOutboxOptions.OrphanAge"/> with <c>FOR UPDATE SKIP LOCKED</c>, sends them with their own
/// MessageIds, and deletes them in the same transaction (<see cref="DueRowPump{TRow}"/>; dying before that commit
/// means they are sent again, with the same MessageIds).
/// </summary>
public sealed class OutboxDeliveryService(
    IMessagingDbContextFactory dbContextFactory,
    IBusControl bus,
    IOptions<PostgresOutboxOptions> options,
    DatabaseClock clock,
    ILogger<OutboxDeliveryService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        // Sent before the bus declared its topology, a published message could find no binding yet and vanish.
        await ((Task)bus.WaitForHealthStatus(BusHealthStatus.Healthy, stoppingToken)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var orphans = new DueRowPump<OutboxMessage>(new OrphanedOutboxRows(settings.OrphanAge, logger), dbContextFactory, bus, clock,
            settings.SendTimeout, logger);
        await Task.WhenAll(
            orphans.Run(settings.PollInterval, settings.BatchSize, stoppingToken),
            ForgetOldInboxRows(settings, stoppingToken)).ConfigureAwait(false);
    }

    async Task ForgetOldInboxRows(PostgresOutboxOptions settings, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var before = clock.GetUtcNow() - settings.InboxRetention;
                await using var db = await dbContextFactory.CreateDbContextAsync(stoppingToken).ConfigureAwait(false);
                await db.Set<InboxState>().Where(x => x.ConsumedAt < before).ExecuteDeleteAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Forgetting old inbox rows failed; next try in {Interval}", settings.InboxCleanupInterval);
            }

            await Task.Delay(settings.InboxCleanupInterval, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
