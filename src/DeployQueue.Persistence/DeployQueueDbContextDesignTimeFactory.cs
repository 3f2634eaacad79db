using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace DeployQueue.Persistence;

/// <summary>
/// For <c>dotnet ef migrations add Name --project src/DeployQueue.Persistence</c>: the model needs no live
/// database; DEPLOYQUEUE_POSTGRES overrides the local default for commands that do connect.
/// </summary>
public sealed class DeployQueueDbContextDesignTimeFactory : IDesignTimeDbContextFactory<DeployQueueDbContext>
{
    public DeployQueueDbContext CreateDbContext(string[] args)
    {
        var connectionString = Environment.GetEnvironmentVariable("DEPLOYQUEUE_POSTGRES")
                               ?? "Host=127.0.0.1;Port=5432;Database=deployqueue;Username=postgres";
        return new DeployQueueDbContext(new DbContextOptionsBuilder<DeployQueueDbContext>().UseNpgsql(connectionString).Options);
    }
}
