using DeployQueue.Persistence.History;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DeployQueue.Persistence.Mapping;

public class DeployTransitionMap : IEntityTypeConfiguration<DeployTransition>
{
    public void Configure(EntityTypeBuilder<DeployTransition> builder)
    {
        builder.ToTable("deploy_transitions");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).UseIdentityAlwaysColumn();
        builder.HasIndex(x => new { x.Repository, x.PrNumber, x.Target });
        builder.HasIndex(x => new { x.Target, x.Id });
        builder.HasIndex(x => x.DeployId);
    }
}
