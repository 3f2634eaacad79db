using DeployQueue.Domain.Ports;

namespace DeployQueue.Service.Webhooks;

/// <summary>
/// The newest webhook delivery this instance knows of: its own as they arrive, the other instances' as
/// <see cref="WebhookActivityRefresh"/> reads them from the deliveries, so the poll interval is the same on every instance.
/// </summary>
public sealed class WebhookActivity : IWebhookActivity
{
    long _lastDeliveryTicks;

    public DateTimeOffset? LastDeliveryAt =>
        Interlocked.Read(ref _lastDeliveryTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    /// <summary>Takes <paramref name="receivedAt"/> if it is newer than what is known.</summary>
    public void Saw(DateTimeOffset receivedAt)
    {
        var ticks = receivedAt.UtcTicks;
        var known = Interlocked.Read(ref _lastDeliveryTicks);
        while (ticks > known)
        {
            var seen = Interlocked.CompareExchange(ref _lastDeliveryTicks, ticks, known);
            if (seen == known)
                return;
            known = seen;
        }
    }
}
