using DeployQueue.Domain.Ports;
using DeployQueue.Persistence.Mapping;
using Microsoft.EntityFrameworkCore;

namespace DeployQueue.Persistence.Webhooks;

/// <summary>The deliveries in PostgreSQL, so that every instance recognises a redelivery whichever received the first.</summary>
public sealed class PostgresWebhookDeliveries(IDbContextFactory<DeployQueueDbContext> databases) : IWebhookDeliveries
{
    public async Task<bool> Contains(string deliveryId, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.WebhookDeliveries.AnyAsync(d => d.DeliveryId == deliveryId, cancellationToken);
    }

    public async Task Record(string deliveryId, string eventName, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        // Two instances may receive the same delivery at once: the second insert changes nothing.
        await db.Database.ExecuteSqlRawAsync($$"""
            INSERT INTO {{WebhookDeliveryMap.Table}} ("DeliveryId", "Event", "ReceivedAt")
            VALUES ({0}, {1}, {2}) ON CONFLICT DO NOTHING
            """, [deliveryId, eventName, receivedAt], cancellationToken);
    }

    public async Task<DateTimeOffset?> LastReceivedAt(CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.WebhookDeliveries.MaxAsync(d => (DateTimeOffset?)d.ReceivedAt, cancellationToken);
    }

    public async Task<int> ForgetReceivedBefore(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.WebhookDeliveries.Where(d => d.ReceivedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
    }
}
