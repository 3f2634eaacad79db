using System.Net;
using DeployQueue.Domain.Ports;
using DeployQueue.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DeployQueue.IntegrationTests.Webhooks;

/// <summary>
/// While deliveries arrive, polling stretches to PollIntervalWithWebhooks on every instance, also on one that
/// received none itself: the deliveries are known through the database.
/// </summary>
[TestFixture]
public class PollingFallbackTests
{
    const string Secret = "polling fallback secret";
    static readonly TimeSpan Bound = TimeSpan.FromSeconds(45);

    [Test]
    public async Task A_delivery_to_one_instance_stretches_polling_on_another()
    {
        await using var world = await EndToEndSystem.Create(settings: new Dictionary<string, string?>
        {
            ["DeployQueue:GitHub:Webhooks:Enabled"] = "true",
            ["DeployQueue:GitHub:WebhookSecret"] = Secret,
            ["DeployQueue:GitHub:PollInterval"] = "00:00:00.2",
            ["DeployQueue:GitHub:PollIntervalWithWebhooks"] = "01:00:00",
        });
        var repository = world.Repositories[0];
        var first = await world.StartService();
        var second = await world.StartService();

        var review = GitHubDelivery.From("pull_request_review", "pull_request_review.submitted", repository,
            payload => payload["pull_request"]!["number"] = 330);
        using (var response = await review.PostTo(second.Http, Secret))
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await world.StopService(second);
        var known = await Eventually.Poll(
            () => Task.FromResult(first.Services.GetRequiredService<IWebhookActivity>().LastDeliveryAt), at => at is not null, Bound);
        Assert.That(known, Is.Not.Null, "the first instance learns of the second's delivery");

        world.GitHub.Repository(repository).PullRequest(331).Check("build", "completed", "success");
        await world.SendToDeployQueue(SeedTask.Json(repository, 331, "staging"));
        var waiting = await world.WaitForDeploy(repository, 331, Bound, "AwaitingGate");

        Assert.That(waiting?.GateRecheckToken, Is.Not.Null);
        Assert.That(await world.PendingScheduleDueAt(waiting!.GateRecheckToken!.Value), Is.GreaterThan(DateTimeOffset.UtcNow.AddMinutes(30)),
            "the gate's next poll waits PollIntervalWithWebhooks, not PollInterval");
    }
}
