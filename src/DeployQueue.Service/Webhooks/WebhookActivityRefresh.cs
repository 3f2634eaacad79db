using DeployQueue.Domain.Ports;

namespace DeployQueue.Service.Webhooks;

/// <summary>Reads the newest delivery now and then, so that deliveries to other instances count here too.</summary>
public sealed class WebhookActivityRefresh(IWebhookDeliveries deliveries, WebhookActivity activity, ILogger<WebhookActivityRefresh> logger)
    : BackgroundService
{
    /// <summary>Well below any sensible PollIntervalWithWebhooks, and one cheap indexed query per instance.</summary>
    static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                if (await deliveries.LastReceivedAt(stoppingToken) is { } last)
                    activity.Saw(last);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Until it answers again this instance polls as often as without webhooks: slower to save calls, never to react.
                logger.LogWarning(e, "Could not read the newest webhook delivery");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
