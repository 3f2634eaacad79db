using System.Diagnostics.Metrics;
using DeployQueue.Domain.Telemetry;

namespace DeployQueue.Service.Telemetry;

/// <summary>
/// <c>deployqueue.webhook.deliveries</c>: GitHub's deliveries to <c>POST /webhooks/github</c>, by event (one the queue
/// uses, else <c>other</c>: the header is the sender's to choose) and the status code they were answered with.
/// </summary>
public sealed class WebhookMetrics : IDisposable
{
    readonly Meter meter = new(DeployQueueMeter.Name);
    readonly Counter<long> deliveries;

    public WebhookMetrics()
    {
        deliveries = meter.CreateCounter<long>("deployqueue.webhook.deliveries", "{delivery}", "GitHub webhook deliveries, by event and answer");
    }

    public void Answered(string eventName, bool usedEvent, int statusCode) =>
        deliveries.Add(1, new("event", usedEvent ? eventName : "other"), new("status_code", statusCode));

    public void Dispose() => meter.Dispose();
}
