using DeployQueue.Domain.Configuration;
using DeployQueue.Domain.Policies;
using DeployQueue.Domain.Ports;
using Microsoft.Extensions.Options;

namespace DeployQueue.Domain.Tests;

/// <summary>Polling stretches while webhook deliveries arrive, and comes back when they stop.</summary>
[TestFixture]
public class PollIntervalPolicyTests
{
    static readonly TimeSpan Poll = TimeSpan.FromSeconds(15);
    static readonly TimeSpan PollWithWebhooks = TimeSpan.FromMinutes(5);

    sealed class LastDelivery(DateTimeOffset? at) : IWebhookActivity
    {
        public DateTimeOffset? LastDeliveryAt => at;
    }

    static TimeSpan NextWith(DateTimeOffset? lastDelivery) =>
        new PollIntervalPolicy(
            new TargetCatalog(Options.Create(new DeployQueueOptions { GitHub = { PollInterval = Poll, PollIntervalWithWebhooks = PollWithWebhooks } }),
                TimeProvider.System),
            new LastDelivery(lastDelivery)).Next;

    [Test]
    public void Without_deliveries_it_polls_at_the_poll_interval() =>
        Assert.That(NextWith(null), Is.EqualTo(Poll));

    [Test]
    public void While_deliveries_arrive_it_polls_at_the_longer_interval() =>
        Assert.That(NextWith(DateTimeOffset.UtcNow - TimeSpan.FromMinutes(1)), Is.EqualTo(PollWithWebhooks));

    [Test]
    public void When_none_arrived_for_the_longer_interval_it_polls_at_the_poll_interval_again() =>
        Assert.That(NextWith(DateTimeOffset.UtcNow - TimeSpan.FromMinutes(6)), Is.EqualTo(Poll));
}
