namespace DeployQueue.Bench.Reporting;

/// <summary>The same three scenarios with polling only and with webhooks, side by side (issue 14).</summary>
public sealed record WebhookResult(WebhookModeResult Polling, WebhookModeResult Webhooks);
