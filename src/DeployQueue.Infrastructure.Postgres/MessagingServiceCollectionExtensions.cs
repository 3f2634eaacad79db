using DeployQueue.Infrastructure.Postgres;
using Microsoft.EntityFrameworkCore;

// ReSharper disable once CheckNamespace
namespace Microsoft.Extensions.DependencyInjection;

public static class MessagingServiceCollectionExtensions
{
    /// <summary>
    /// The DbContext the saga repository, the inbox/outbox and the scheduler use, from the application's
    /// <c>IDbContextFactory&lt;TDbContext&gt;</c> (registered separately, e.g. <c>AddPooledDbContextFactory</c>).
    /// </summary>
    public static IServiceCollection AddMessagingDbContext<TDbContext>(this IServiceCollection services)
        where TDbContext : DbContext =>
        services.AddSingleton<IMessagingDbContextFactory, MessagingDbContextFactory<TDbContext>>();
}
