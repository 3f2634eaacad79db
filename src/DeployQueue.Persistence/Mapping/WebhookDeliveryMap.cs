using DeployQueue.Persistence.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DeployQueue.Persistence.Mapping;

public class WebhookDeliveryMap : IEntityTypeConfiguration<WebhookDelivery>
{
    public const string Table = "webhook_deliveries";

    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.ToTable(Table);
        builder.HasKey(x => x.DeliveryId);
        builder.Property(x => x.DeliveryId).HasMaxLength(100);
        builder.Property(x => x.Event).HasMaxLength(100);
        // The newest (polling's fallback) and the oldest (the cleanup) are read by time.
        builder.HasIndex(x => x.ReceivedAt);
    }
}
