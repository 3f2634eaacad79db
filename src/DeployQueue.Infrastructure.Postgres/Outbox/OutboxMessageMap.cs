using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DeployQueue.Infrastructure.Postgres.Outbox;

public class OutboxMessageMap : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("outbox_messages");
        builder.HasKey(x => new { x.InboxMessageId, x.InboxConsumerId, x.SequenceNumber });
        builder.Property(x => x.SequenceNumber).ValueGeneratedNever();
        builder.Property(x => x.Headers).HasColumnType("jsonb");
        builder.Property(x => x.Properties).HasColumnType("jsonb");
        builder.HasIndex(x => x.CreatedAt);
    }
}
