using DeployQueue.Domain.StateMachines;
using DeployQueue.Persistence.Schema;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DeployQueue.Persistence.Tests;

[TestFixture]
public class SchemaMigrationTests
{
    TestDatabase _database = null!;
    ServiceProvider _services = null!;

    [SetUp]
    public async Task CreateDatabaseName()
    {
        _database = await TestDatabase.Create(create: false);
        _services = Persistence(_database);
    }

    [TearDown]
    public async Task DropDatabase()
    {
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Test]
    public async Task Migrating_a_missing_database_creates_it_and_applies_every_migration()
    {
        await _services.GetRequiredService<DeployQueueSchema>().MigrateAsync();

        await using var db = await NewDbContext(_services);
        Assert.That(await db.Database.GetAppliedMigrationsAsync(), Is.EqualTo(db.Database.GetMigrations()));
        Assert.That(await db.Deploys.CountAsync(), Is.Zero);
        Assert.That(await db.ScheduledMessages.CountAsync(), Is.Zero);
    }

    [Test]
    public async Task Instances_migrating_at_once_take_turns_and_all_succeed()
    {
        await using var other = Persistence(_database);
        await _services.GetRequiredService<DeployQueueSchema>().MigrateAsync();

        await Task.WhenAll(
            _services.GetRequiredService<DeployQueueSchema>().MigrateAsync(),
            other.GetRequiredService<DeployQueueSchema>().MigrateAsync());

        await using var db = await NewDbContext(_services);
        Assert.That(await db.Database.GetPendingMigrationsAsync(), Is.Empty);
    }

    [Test]
    public async Task Readiness_reports_pending_migrations_until_they_are_applied()
    {
        await using (var db = await NewDbContext(_services))
            await db.Database.EnsureCreatedAsync(); // reachable, but without the migrations history
        Assert.That(await SchemaHealth(_services), Is.EqualTo(HealthStatus.Unhealthy));

        await using var fresh = await TestDatabase.Create(create: false);
        await using var services = Persistence(fresh);
        await services.GetRequiredService<DeployQueueSchema>().MigrateAsync();
        Assert.That(await SchemaHealth(services), Is.EqualTo(HealthStatus.Healthy));
    }

    [Test]
    public async Task Migrations_match_the_model_and_leave_xmin_to_postgresql()
    {
        await _services.GetRequiredService<DeployQueueSchema>().MigrateAsync();
        await using var db = await NewDbContext(_services);

        Assert.That(db.Database.HasPendingModelChanges(), Is.False,
            "the saga classes changed since the last migration: run `dotnet ef migrations add <Name> --project src/DeployQueue.Persistence`");
        var xminColumns = await db.Database.SqlQuery<int>(
            $"SELECT count(*)::int AS \"Value\" FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'xmin'").SingleAsync();
        Assert.That(xminColumns, Is.Zero);
    }

    [Test]
    public async Task Saga_instances_round_trip_with_their_lists_and_reject_a_stale_update()
    {
        await _services.GetRequiredService<DeployQueueSchema>().MigrateAsync();
        var laneId = Guid.NewGuid();
        var ticket = new LaneTicket(Guid.NewGuid(), Guid.NewGuid(), Contracts.TaskPriority.High, DateTimeOffset.UtcNow);
        await using (var db = await NewDbContext(_services))
        {
            db.Lanes.Add(new LaneState { CorrelationId = laneId, CurrentState = "Idle", Repository = "acme/shop", Target = "staging" });
            await db.SaveChangesAsync();
        }

        await using var first = await NewDbContext(_services);
        await using var second = await NewDbContext(_services);
        var lane = await first.Lanes.SingleAsync(x => x.CorrelationId == laneId);
        var stale = await second.Lanes.SingleAsync(x => x.CorrelationId == laneId);
        var versionBefore = lane.RowVersion;
        lane.Waiting.Add(ticket); // changed in place: must still be saved
        lane.Holder = ticket;
        await first.SaveChangesAsync();

        stale.LastKnownGoodSha = "abc1234";
        Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());

        await using var reader = await NewDbContext(_services);
        var saved = await reader.Lanes.AsNoTracking().SingleAsync(x => x.CorrelationId == laneId);
        Assert.Multiple(() =>
        {
            Assert.That(saved.Waiting, Is.EqualTo(new[] { ticket }));
            Assert.That(saved.Holder, Is.EqualTo(ticket));
            Assert.That(saved.LastKnownGoodSha, Is.Null);
            Assert.That(saved.RowVersion, Is.Not.EqualTo(versionBefore));
        });
    }

    static ServiceProvider Persistence(TestDatabase database) =>
        new ServiceCollection().AddLogging().AddDeployQueuePersistence(database.ConnectionString, migrateAtStart: false).BuildServiceProvider();

    static Task<DeployQueueDbContext> NewDbContext(IServiceProvider services) =>
        services.GetRequiredService<IDbContextFactory<DeployQueueDbContext>>().CreateDbContextAsync();

    static async Task<HealthStatus> SchemaHealth(IServiceProvider services) =>
        (await services.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Status;
}
