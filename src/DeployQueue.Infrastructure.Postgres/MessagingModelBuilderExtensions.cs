using DeployQueue.Infrastructure.Postgres.Outbox;
using DeployQueue.Infrastructure.Postgres.Scheduling;
using Microsoft.EntityFrameworkCore;

namespace DeployQueue.Infrastructure.Postgres;

/// <summary>
/// The tables of the parts in use, added to the application's model in its <c>OnModelCreating</c>; saga instance
/// tables with <see cref="Mapping.SagaInstanceMapping"/>.
/// </summary>
public static class MessagingModelBuilderExtensions
{
    /// <summary><c>inbox_states</c> and <c>outbox_messages</c>, for <c>AddPostgresOutbox</c>.</summary>
    public static ModelBuilder AddInboxOutbox(this ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfiguration(new InboxStateMap()).ApplyConfiguration(new OutboxMessageMap());

    /// <summary><c>scheduled_messages</c>, for <c>AddPostgresMessageScheduler</c>.</summary>
    public static ModelBuilder AddScheduledMessages(this ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfiguration(new ScheduledMessageMap());
}
