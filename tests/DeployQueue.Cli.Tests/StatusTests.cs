using System.Net.Http.Headers;
using System.Text;
using Npgsql;

namespace DeployQueue.Cli.Tests;

/// <summary>
/// The demo on the real RabbitMQ (a virtual host of its own) and PostgreSQL (a database of its own), then
/// `deployq status` reading that database as an operator would.
/// </summary>
[TestFixture]
public class StatusTests
{
    const string Admin = "Host=127.0.0.1;Port=5432;Database=postgres;Username=postgres";
    readonly string _name = $"deployq_status_{Guid.NewGuid():N}"[..30];
    readonly HttpClient _management = new() { BaseAddress = new Uri("http://127.0.0.1:15672/api/") };
    string Postgres => $"Host=127.0.0.1;Port=5432;Database={_name};Username=postgres";

    [OneTimeSetUp]
    public async Task RunTheDemoOnTheRealBrokerAndDatabase()
    {
        _management.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("guest:guest"u8.ToArray()));
        (await _management.PutAsync($"vhosts/{_name}", null)).EnsureSuccessStatusCode();
        (await _management.PutAsync($"permissions/{_name}/guest",
            new StringContent("""{"configure":".*","write":".*","read":".*"}""", Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();

        var demo = await Deployq.Execute(TimeSpan.FromMinutes(3), "demo", "--rabbitmq", $"amqp://guest:guest@127.0.0.1:5672/{_name}", "--postgres", Postgres);
        Assert.That(demo.ExitCode, Is.EqualTo(0), demo.Output);
    }

    [OneTimeTearDown]
    public async Task DropThem()
    {
        await _management.DeleteAsync($"vhosts/{_name}");
        _management.Dispose();
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(Admin);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
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
