using Microsoft.EntityFrameworkCore;

namespace DeployQueue.Infrastructure.Postgres;

sealed class MessagingDbContextFactory<TDbContext>(IDbContextFactory<TDbContext> dbContextFactory) : IMessagingDbContextFactory
    where TDbContext : DbContext
{
    public async Task<DbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
        await dbContextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
}
