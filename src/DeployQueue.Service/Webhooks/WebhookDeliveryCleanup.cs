using DeployQueue.Domain.Configuration;
using DeployQueue.Domain.Ports;
using Microsoft.Extensions.Options;

namespace DeployQueue.Service.Webhooks;

/// <summary>Forgets deliveries older than <see cref="WebhookOptions.DeliveryRetention"/>: GitHub redelivers within hours, not days.</summary>
public sealed class WebhookDeliveryCleanup(IWebhookDeliveries deliveries, IOptions<DeployQueueOptions> options,
    ILogger<WebhookDeliveryCleanup> logger) : BackgroundService
{
    static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                var forgotten = await deliveries.ForgetReceivedBefore(
                    DateTimeOffset.UtcNow - options.Value.GitHub.Webhooks.DeliveryRetention, stoppingToken);
                if (forgotten > 0)
                    logger.LogInformation("Forgot {Count} webhook deliveries past their retention", forgotten);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Could not delete old webhook deliveries; trying again in {Interval}", Interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
