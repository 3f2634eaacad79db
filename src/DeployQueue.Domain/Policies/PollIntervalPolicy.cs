using DeployQueue.Domain.Configuration;
using DeployQueue.Domain.Ports;

namespace DeployQueue.Domain.Policies;

/// <summary>
/// How long a deploy waits before it reads GitHub again (at the gate, or watching its deployment). While webhooks
/// arrive they say when to look, and polling only heals a lost delivery: <see cref="GitHubOptions.PollIntervalWithWebhooks"/>.
/// When none has arrived for that long, deliveries may be failing: <see cref="GitHubOptions.PollInterval"/> again.
/// </summary>
public sealed class PollIntervalPolicy(TargetCatalog targets, IWebhookActivity webhooks)
{
    public TimeSpan Next
    {
        get
        {
            var gitHub = targets.Options.GitHub;
            return webhooks.LastDeliveryAt is { } last && DateTimeOffset.UtcNow - last < gitHub.PollIntervalWithWebhooks
                ? gitHub.PollIntervalWithWebhooks
                : gitHub.PollInterval;
        }
    }
}
