using DeployQueue.Domain.Ports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DeployQueue.Persistence.Tests;

/// <summary>A deploy's lock, as two service instances (two service providers on one database) take it.</summary>
[TestFixture]
public class DeployLocksTests
{
    static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    /// <summary>pg_locks shows the whole server's: only this test's database counts.</summary>
    const string InThisDatabase = "locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())";

    TestDatabase _database = null!;
    ServiceProvider _first = null!;
    ServiceProvider _second = null!;

    [SetUp]
    public async Task TwoInstances()
    {
        _database = await TestDatabase.Create();
        (_first, _second) = (Instance(), Instance());
    }

    [TearDown]
    public async Task DropDatabase()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Test]
    public async Task A_deploys_lock_held_by_one_instance_is_given_to_the_other_once_released()
    {
        var deployId = Guid.NewGuid();
        var held = await Locks(_first).Acquire(deployId, CancellationToken.None);

        var waiting = Locks(_second).Acquire(deployId, CancellationToken.None);
        Assert.That(await Eventually.Poll(WaitingForAdvisoryLocks, n => n == 1, Bound), Is.EqualTo(1), "the second instance waits");
        Assert.That(waiting.IsCompleted, Is.False);

        await held.DisposeAsync();
        var second = await waiting.WaitAsync(Bound);
        await second.DisposeAsync();
        Assert.That(await HeldAdvisoryLocks(), Is.Zero, "released");
    }

    [Test]
    public async Task Other_deploys_locks_are_taken_at_once()
    {
        await using var held = await Locks(_first).Acquire(Guid.NewGuid(), CancellationToken.None);

        await using var other = await Locks(_second).Acquire(Guid.NewGuid(), CancellationToken.None).WaitAsync(Bound);

        Assert.That(await HeldAdvisoryLocks(), Is.EqualTo(2));
    }

    [Test]
    public async Task A_lock_whose_holder_died_is_free()
    {
        var deployId = Guid.NewGuid();
        await Locks(_first).Acquire(deployId, CancellationToken.None);

        // The holder's connection ends as a killed instance's does.
        await using (var db = await Database(_second))
            await db.Database.ExecuteSqlRawAsync(
                $"SELECT pg_terminate_backend(pid) FROM pg_locks WHERE {InThisDatabase} AND granted AND pid <> pg_backend_pid()");

        await using var taken = await Locks(_second).Acquire(deployId, CancellationToken.None).WaitAsync(Bound);
        Assert.That(await HeldAdvisoryLocks(), Is.EqualTo(1));
    }

    ServiceProvider Instance() =>
        new ServiceCollection().AddLogging().AddDeployQueuePersistence(_database.ConnectionString, migrateAtStart: false).BuildServiceProvider();

    static IDeployLocks Locks(IServiceProvider instance) => instance.GetRequiredService<IDeployLocks>();

    static Task<DeployQueueDbContext> Database(IServiceProvider instance) =>
        instance.GetRequiredService<IDbContextFactory<DeployQueueDbContext>>().CreateDbContextAsync();

    Task<int> WaitingForAdvisoryLocks() => AdvisoryLocks(granted: false);

    Task<int> HeldAdvisoryLocks() => AdvisoryLocks(granted: true);

    async Task<int> AdvisoryLocks(bool granted)
    {
        await using var db = await Database(_first);
        return await db.Database.SqlQueryRaw<int>(
            $"SELECT count(*)::int AS \"Value\" FROM pg_locks WHERE {InThisDatabase} AND granted = {{0}}", granted).SingleAsync();
    }
}
