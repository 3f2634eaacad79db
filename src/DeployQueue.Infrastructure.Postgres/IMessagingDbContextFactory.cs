using Microsoft.EntityFrameworkCore;

namespace DeployQueue.Infrastructure.Postgres;

/// <summary>
/// The application's DbContext, on which the saga repository, the inbox/outbox and the scheduler work: its model maps
/// their tables (<see cref="MessagingModelBuilderExtensions"/>) next to the application's own. Registered with
/// <c>services.AddMessagingDbContext&lt;TDbContext&gt;()</c>.
/// </summary>
public interface IMessagingDbContextFactory
{
    Task<DbContext> CreateDbContextAsync(CancellationToken cancellationToken = default);
}
