namespace DeployQueue.Cli.Tests;

/// <summary>
/// The demo on the real RabbitMQ (a virtual host of its own) and PostgreSQL (a database of its own), then
/// `deployq status` reading that database as an operator would.
/// </summary>
[TestFixture]
public class StatusTests
{
    TestDatabase _database = null!;
    TestVirtualHost _virtualHost = null!;
    string Postgres => _database.ConnectionString;

    [OneTimeSetUp]
    public async Task RunTheDemoOnTheRealBrokerAndDatabase()
    {
        // Only named: the demo creates it, as the service does, when it migrates the schema at start.
        _database = await TestDatabase.Create(create: false);
        _virtualHost = await TestVirtualHost.Create();

        var demo = await Deployq.Execute(TimeSpan.FromMinutes(3), "demo", "--rabbitmq", _virtualHost.ConnectionString, "--postgres", Postgres);
        Assert.That(demo.ExitCode, Is.EqualTo(0), demo.Output);
    }

    [OneTimeTearDown]
    public async Task DropThem()
    {
        await _virtualHost.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Test]
    public async Task Status_lists_every_deploy_with_its_state_and_outcome()
    {
        var run = await Deployq.Execute(TimeSpan.FromMinutes(1), "status", "--postgres", Postgres);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.Output);
            Assert.That(run.Output, Does.Contain("6 deploy(s)"));
            Assert.That(run.Output, Does.Contain("acme/shop#101").And.Contain("Succeeded"));
            Assert.That(run.Output, Does.Contain("acme/api#201").And.Contain("gate: ").Or.Contain("approval"));
        });
    }

    [Test]
    public async Task Status_of_one_pr_shows_its_timeline()
    {
        var run = await Deployq.Execute(TimeSpan.FromMinutes(1), "status", "--postgres", Postgres, "--repo", "acme/shop", "--pr", "101");

        var lines = run.Output.Split('\n');
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.Output);
            Assert.That(lines.Where(l => l.Contains("staging")).Select(Transition),
                Is.EqualTo(new[] { "Initial>Claimed", "Claimed>Merging", "Merging>Deploying", "Deploying>Smoke", "Smoke>Succeeded" }));
        });
    }

    static string Transition(string row)
    {
        var cells = row.Split('│', StringSplitOptions.TrimEntries);
        return $"{cells[4]}>{cells[5]}";
    }
}
