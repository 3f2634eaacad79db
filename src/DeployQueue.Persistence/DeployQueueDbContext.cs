using DeployQueue.Domain.StateMachines;
using DeployQueue.Infrastructure.Postgres;
using DeployQueue.Infrastructure.Postgres.Mapping;
using DeployQueue.Infrastructure.Postgres.Outbox;
using DeployQueue.Infrastructure.Postgres.Scheduling;
using DeployQueue.Persistence.History;
using DeployQueue.Persistence.Mapping;
using DeployQueue.Persistence.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace DeployQueue.Persistence;

/// <summary>
/// Everything the Deploy Queue keeps in PostgreSQL: the saga instances (deploys, lanes, lane monitors), their transition history, the
/// messages scheduled through the bus scheduler, the transactional inbox and outbox, and the webhook deliveries received.
/// </summary>
public class DeployQueueDbContext(DbContextOptions<DeployQueueDbContext> options) : DbContext(options)
{
    public DbSet<DeployState> Deploys => Set<DeployState>();
    public DbSet<LaneState> Lanes => Set<LaneState>();
    public DbSet<MonitorState> Monitors => Set<MonitorState>();
    public DbSet<DeployTransition> DeployTransitions => Set<DeployTransition>();
    public DbSet<ScheduledMessageRow> ScheduledMessages => Set<ScheduledMessageRow>();
    public DbSet<InboxState> InboxStates => Set<InboxState>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var deploys = SagaInstanceMapping.Map<DeployState>(modelBuilder, "deploy_states");
        deploys.HasIndex(x => new { x.Repository, x.PrNumber, x.Target });
        deploys.HasIndex(x => x.Target);
        // The lanes' view reads the deploys in lanes (a few) by state, not the whole history.
        deploys.HasIndex(x => x.CurrentState);
        // The deploy list reads the latest by their attempt's start. EF Core 10 cannot index a property of a complex type
        // (dotnet/efcore#31246), so PostgreSQL keeps a copy of it in a column of its own, which is indexed.
        deploys.Property<DateTimeOffset>(DeployHistory.AttemptStartedAt).HasComputedColumnSql("\"Attempt_StartedAt\"", stored: true);
        deploys.HasIndex(DeployHistory.AttemptStartedAt, nameof(DeployState.CorrelationId)).IsDescending(true, false);

        var lanes = SagaInstanceMapping.Map<LaneState>(modelBuilder, "lane_states");
        lanes.HasIndex(x => new { x.Repository, x.Target });

        var monitors = SagaInstanceMapping.Map<MonitorState>(modelBuilder, "monitor_states");
        monitors.HasIndex(x => new { x.Repository, x.Target });

        modelBuilder.ApplyConfiguration(new DeployTransitionMap());
        modelBuilder.ApplyConfiguration(new WebhookDeliveryMap());
        modelBuilder.AddScheduledMessages();
        modelBuilder.AddInboxOutbox();
    }
}
