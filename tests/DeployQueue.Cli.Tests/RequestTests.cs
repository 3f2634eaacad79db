using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace DeployQueue.Cli.Tests;

/// <summary>`deployq request` publishes a DeployRequested that a consumer of that message type receives on the real RabbitMQ.</summary>
[TestFixture]
public class RequestTests
{
    const string Exchange = "DeployQueue.Contracts:DeployRequested";
    const string Queue = "requests";
    readonly string _vhost = $"deployq_request_{Guid.NewGuid():N}"[..32];
    readonly HttpClient _management = new() { BaseAddress = new Uri("http://127.0.0.1:15672/api/") };

    [OneTimeSetUp]
    public async Task AVirtualHostWithAQueueBoundToTheMessageExchange()
    {
        _management.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("guest:guest"u8.ToArray()));
        await Put($"vhosts/{_vhost}", null);
        await Put($"permissions/{_vhost}/guest", """{"configure":".*","write":".*","read":".*"}""");
        await Put($"exchanges/{_vhost}/{Uri.EscapeDataString(Exchange)}", """{"type":"fanout","durable":true}""");
        await Put($"queues/{_vhost}/{Queue}", """{"durable":true}""");
        (await _management.PostAsync($"bindings/{_vhost}/e/{Uri.EscapeDataString(Exchange)}/q/{Queue}",
            new StringContent("{}", Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
    }

    [OneTimeTearDown]
    public async Task DeleteTheVirtualHost()
    {
        await _management.DeleteAsync($"vhosts/{_vhost}");
        _management.Dispose();
    }

    [Test]
    public async Task Request_publishes_a_deploy_request_with_the_given_fields()
    {
        var run = await Deployq.Execute(TimeSpan.FromMinutes(1), "request", "--rabbitmq", $"amqp://guest:guest@127.0.0.1:5672/{_vhost}",
            "--repo", "acme/shop", "--pr", "123", "--target", "staging", "--branch", "feature/cart", "--priority", "High");

        using var got = await _management.PostAsync($"queues/{_vhost}/{Queue}/get",
            JsonContent.Create(new { count = 1, ackmode = "ack_requeue_false", encoding = "auto" }));
        using var messages = JsonDocument.Parse(await got.Content.ReadAsStringAsync());
        var envelope = JsonDocument.Parse(messages.RootElement.EnumerateArray().Single().GetProperty("payload").GetString()!);
        var message = envelope.RootElement.GetProperty("message");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.Output);
            Assert.That(run.Output, Does.Contain("acme/shop#123"));
            Assert.That(message.GetProperty("repository").GetString(), Is.EqualTo("acme/shop"));
            Assert.That(message.GetProperty("prNumber").GetInt32(), Is.EqualTo(123));
            Assert.That(message.GetProperty("target").GetString(), Is.EqualTo("staging"));
            Assert.That(message.GetProperty("branch").GetString(), Is.EqualTo("feature/cart"));
            Assert.That(message.GetProperty("priority").GetString(), Is.EqualTo("High"));
            Assert.That(message.GetProperty("prUrl").GetString(), Is.EqualTo("https://github.com/acme/shop/pull/123"));
        });
    }

    [Test]
    public async Task Request_without_a_repository_explains_what_is_missing()
    {
        var run = await Deployq.Execute(TimeSpan.FromMinutes(1), "request", "--pr", "1");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Not.EqualTo(0));
            Assert.That(run.Output, Does.Contain("--repo, --pr and --branch are required"));
        });
    }

    async Task Put(string path, string? json) =>
        (await _management.PutAsync(path, json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
}
