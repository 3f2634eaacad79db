using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DeployQueue.Infrastructure.Postgres.Outbox;

public class InboxStateMap : IEntityTypeConfiguration<InboxState>
{
    public void Configure(EntityTypeBuilder<InboxState> builder)
    {
        builder.ToTable("inbox_states");
        builder.HasKey(x => new { x.MessageId, x.ConsumerId });
        builder.HasIndex(x => x.ConsumedAt);
    }
}
