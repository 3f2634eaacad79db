using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DeployQueue.Infrastructure.Postgres.Scheduling;

public class ScheduledMessageMap : IEntityTypeConfiguration<ScheduledMessageRow>
{
    public const string Table = "scheduled_messages";

    public void Configure(EntityTypeBuilder<ScheduledMessageRow> builder)
    {
        builder.ToTable(Table);
        builder.HasKey(x => x.TokenId);
        builder.Property(x => x.TokenId).ValueGeneratedNever();
        builder.Property(x => x.Headers).HasColumnType("jsonb");
        builder.HasIndex(x => x.DueAt);
    }
}
