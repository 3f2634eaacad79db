using System.Net.Mime;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DeployQueue.Domain.Configuration;
using DeployQueue.Domain.Ports;
using DeployQueue.Service.Telemetry;
using Microsoft.Extensions.Options;

namespace DeployQueue.Service.Webhooks;

/// <summary>
/// What a delivery must pass before Octokit's endpoint reads it, and what happens after. Octokit's own check takes a
/// request with neither a secret nor a signature as valid, answers 500 for an event it has no type for, and reads a
/// body of any size; here every delivery must be signed with the secret (compared in constant time), no larger than
/// <see cref="WebhookOptions.MaxBodyBytes"/>, JSON, of an event the queue uses, and not one already received. A
/// refused delivery changes nothing. Once the processor has published its hint, the delivery is recorded: a crash in
/// between costs a second look when GitHub redelivers, never a lost one.
/// </summary>
public sealed class GitHubWebhookGuard(IOptions<DeployQueueOptions> options, IWebhookDeliveries deliveries, WebhookActivity activity,
    WebhookMetrics metrics, ILogger<GitHubWebhookGuard> logger) : IMiddleware
{
    /// <summary>The events that may concern a deploy (and ping, which GitHub sends when the webhook is set up).</summary>
    static readonly HashSet<string> UsedEvents = new(StringComparer.Ordinal)
    {
        "ping", "pull_request", "pull_request_review", "check_suite", "check_run", "status", "workflow_run", "deployment_status",
    };

    const string SignaturePrefix = "sha256=";
    const int LongestDeliveryId = 100;

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        await Guard(context, next);
        var eventName = context.Request.Headers["X-GitHub-Event"].ToString();
        metrics.Answered(eventName, UsedEvents.Contains(eventName), context.Response.StatusCode);
    }

    async Task Guard(HttpContext context, RequestDelegate next)
    {
        var webhooks = options.Value.GitHub.Webhooks;
        var request = context.Request;
        var cancellationToken = context.RequestAborted;

        if (request.ContentLength > webhooks.MaxBodyBytes)
        {
            await Refuse(context, StatusCodes.Status413PayloadTooLarge, $"the body is larger than {webhooks.MaxBodyBytes} bytes");
            return;
        }
        var body = await ReadAtMost(request.Body, webhooks.MaxBodyBytes + 1L, cancellationToken);
        if (body.Length > webhooks.MaxBodyBytes)
        {
            await Refuse(context, StatusCodes.Status413PayloadTooLarge, $"the body is larger than {webhooks.MaxBodyBytes} bytes");
            return;
        }

        if (!SignedWith(options.Value.GitHub.WebhookSecret, request.Headers["X-Hub-Signature-256"].ToString(), body))
        {
            await Refuse(context, StatusCodes.Status401Unauthorized,
                "X-Hub-Signature-256 is missing or is not the HMAC-SHA256 of the body with the webhook's secret");
            return;
        }

        var eventName = request.Headers["X-GitHub-Event"].ToString();
        var deliveryId = request.Headers["X-GitHub-Delivery"].ToString();
        if (eventName.Length == 0 || deliveryId.Length is 0 or > LongestDeliveryId)
        {
            await Refuse(context, StatusCodes.Status400BadRequest, "X-GitHub-Event and X-GitHub-Delivery are required");
            return;
        }
        if (!IsJson(request.ContentType))
        {
            await Refuse(context, StatusCodes.Status415UnsupportedMediaType, "the webhook's content type must be application/json");
            return;
        }
        if (!UsedEvents.Contains(eventName))
        {
            await Answer(context, StatusCodes.Status200OK, $"ignored: the queue does not use {eventName} events");
            return;
        }
        if (await deliveries.Contains(deliveryId, cancellationToken))
        {
            await Answer(context, StatusCodes.Status200OK, $"ignored: delivery {deliveryId} was received before");
            return;
        }
        if (!IsJsonObject(body))
        {
            await Refuse(context, StatusCodes.Status400BadRequest, "the body is not a JSON object");
            return;
        }

        request.Body = new MemoryStream(body, writable: false);
        await next(context);

        if (context.Response.StatusCode == StatusCodes.Status200OK)
        {
            var receivedAt = DateTimeOffset.UtcNow;
            await deliveries.Record(deliveryId, eventName, receivedAt, cancellationToken);
            activity.Saw(receivedAt);
        }
    }

    static async Task<byte[]> ReadAtMost(Stream body, long limit, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        while (buffer.Length < limit)
        {
            var read = await body.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, limit - buffer.Length)), cancellationToken);
            if (read == 0)
                break;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>GitHub's signature: "sha256=" and the hex HMAC-SHA256 of the raw body, keyed with the secret.</summary>
    static bool SignedWith(string secret, string signature, byte[] body)
    {
        if (secret.Length == 0 || !signature.StartsWith(SignaturePrefix, StringComparison.Ordinal))
            return false;
        byte[] claimed;
        try
        {
            claimed = Convert.FromHexString(signature.AsSpan(SignaturePrefix.Length));
        }
        catch (FormatException)
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(claimed, HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
    }

    static bool IsJson(string? contentType)
    {
        try
        {
            return contentType is not null && new ContentType(contentType).MediaType == MediaTypeNames.Application.Json;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    static bool IsJsonObject(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    Task Refuse(HttpContext context, int status, string reason)
    {
        // Who sent it and what it claims, never the secret nor the expected signature.
        logger.LogWarning("Webhook delivery {DeliveryId} ({Event}) refused with {Status}: {Reason}",
            context.Request.Headers["X-GitHub-Delivery"].ToString(), context.Request.Headers["X-GitHub-Event"].ToString(), status, reason);
        return Answer(context, status, reason);
    }

    static Task Answer(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(message, context.RequestAborted);
    }
}
