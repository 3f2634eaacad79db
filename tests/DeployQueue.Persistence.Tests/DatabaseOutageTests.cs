using MassTransit;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DeployQueue.Persistence.Tests;

/// <summary>Which failures the outage retry waits out (the database unreachable or going away) and which it leaves to the
/// endpoint's own policy. The end-to-end proof is the fault suite's database outage (IntegrationTests/Faults).</summary>
[TestFixture]
public class DatabaseOutageTests
{
    [Test]
    public async Task A_database_nothing_listens_for_is_an_outage()
    {
        // Port 1 on loopback: refused at once, as a stopped PostgreSQL is.
        await using var connection = new NpgsqlConnection("Host=127.0.0.1;Port=1;Username=postgres;Timeout=2");
        var refused = Assert.CatchAsync(() => connection.OpenAsync())!;

        Assert.That(DatabaseOutageRetryConfigurationExtensions.IsOutage(refused), Is.True, refused.ToString());
    }

    [TestCase("57P01", TestName = "admin_shutdown: the server stopping cut the connection")]
    [TestCase("57P03", TestName = "cannot_connect_now: the server is starting")]
    [TestCase("08006", TestName = "connection_failure")]
    public void A_server_going_away_is_an_outage_however_it_is_wrapped(string sqlState)
    {
        var shutdown = new PostgresException("terminating connection", "FATAL", "FATAL", sqlState);

        Assert.Multiple(() =>
        {
            Assert.That(DatabaseOutageRetryConfigurationExtensions.IsOutage(shutdown), Is.True);
            Assert.That(DatabaseOutageRetryConfigurationExtensions.IsOutage(new DbUpdateException("saving", shutdown)), Is.True);
            Assert.That(DatabaseOutageRetryConfigurationExtensions.IsOutage(new InvalidOperationException("consuming", shutdown)), Is.True);
        });
    }

    [Test]
    public void A_constraint_violation_a_lost_race_or_a_bug_is_not_an_outage()
    {
        var duplicate = new PostgresException("duplicate key", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation);
        // Competing instances: the endpoint's own retry runs these again at once, not after the outage retry's pauses.
        var serialization = new PostgresException("could not serialize access", "ERROR", "ERROR", PostgresErrorCodes.SerializationFailure);
        var deadlock = new PostgresException("deadlock detected", "ERROR", "ERROR", PostgresErrorCodes.DeadlockDetected);

        Assert.Multiple(() =>
        {
            Assert.That(DatabaseOutageRetryConfigurationExtensions.IsOutage(new DbUpdateException("saving", duplicate)), Is.False);
            Assert.That(DatabaseOutageRetryConfigurationExtensions.IsOutage(new DbUpdateException("saving", serialization)), Is.False);
            Assert.That(DatabaseOutageRetryConfigurationExtensions.IsOutage(deadlock), Is.False);
            Assert.That(DatabaseOutageRetryConfigurationExtensions.IsOutage(new InvalidOperationException("a bug")), Is.False);
        });
    }
}
