using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace DeployQueue.Simulators.GitHub.Http;

/// <summary>Answers every request the way GitHub does around the resource itself: injected faults and latency first,
/// then the route under the simulator's lock, then ETag / If-None-Match (304s spend no rate limit), rate-limit headers,
/// and the count per endpoint.</summary>
internal sealed class Responder(object gate, SimulatedFaults faults, RequestCounter counter, int rateLimit)
{
    /// <summary>GitHub's primary rate limit for a personal access token, per hour.</summary>
    public const int TokenRateLimit = 5000;
    readonly long resetAt = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
    int used;

    public async Task Answer(HttpContext context, string endpoint, Func<HttpContext, JsonObject?, Reply> route)
    {
        if (faults.Latency > TimeSpan.Zero) await Task.Delay(faults.Latency, context.RequestAborted);
        if (faults.Take(context.Request.Path) is { } fault)
        {
            counter.CountFaulted(endpoint);
            await WriteFault(context, fault);
            return;
        }

        // A POST may come without a body at all (a re-run), with no Content-Length to say so.
        var text = HttpMethods.IsGet(context.Request.Method) ? "" : await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted);
        var body = string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text) as JsonObject;
        Reply reply;
        try
        {
            lock (gate) reply = route(context, body);
        }
        catch (Exception ex)
        {
            // A bug of the simulator answers like GitHub's own 500, with the cause for whoever reads the test output.
            reply = new Reply(500, new JsonObject { ["message"] = $"Simulator error: {ex}" });
        }

        var payload = reply.Json?.ToJsonString() ?? reply.Text ?? "";
        var response = context.Response;
        if (HttpMethods.IsGet(context.Request.Method) && reply.Status == 200)
        {
            var etag = $"W/\"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(payload)))[..32]}\"";
            response.Headers.ETag = etag;
            if (context.Request.Headers.IfNoneMatch.Contains(etag))
            {
                counter.CountNotModified(endpoint);
                WriteRateLimit(response, Volatile.Read(ref used));
                response.StatusCode = 304;
                return;
            }
        }

        counter.CountSpent(endpoint);
        WriteRateLimit(response, Interlocked.Increment(ref used));
        response.StatusCode = reply.Status;
        if (reply.Link is not null) response.Headers["Link"] = reply.Link;
        response.ContentType = reply.Json is null ? "text/plain; charset=utf-8" : "application/json; charset=utf-8";
        await response.WriteAsync(payload, context.RequestAborted);
    }

    void WriteRateLimit(HttpResponse response, int spent)
    {
        response.Headers["X-RateLimit-Limit"] = rateLimit.ToString();
        response.Headers["X-RateLimit-Remaining"] = Math.Max(0, rateLimit - spent).ToString();
        response.Headers["X-RateLimit-Used"] = spent.ToString();
        response.Headers["X-RateLimit-Reset"] = resetAt.ToString();
        response.Headers["X-RateLimit-Resource"] = "core";
    }

    static async Task WriteFault(HttpContext context, SimulatedFaults.Fault fault)
    {
        if (fault.StatusCode is not { } statusCode)
        {
            await Task.Delay(fault.Hold, context.RequestAborted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            context.Abort();
            return;
        }
        var response = context.Response;
        response.StatusCode = statusCode;
        if (fault.RetryAfter is { } retryAfter) response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString();
        if (fault.RateLimitResetIn is { } resetIn)
        {
            response.Headers["X-RateLimit-Remaining"] = "0";
            response.Headers["X-RateLimit-Reset"] = DateTimeOffset.UtcNow.Add(resetIn).ToUnixTimeSeconds().ToString();
        }
        response.ContentType = "application/json; charset=utf-8";
        var body = new JsonObject { ["message"] = fault.Message, ["documentation_url"] = "https://docs.github.com/rest" };
        await response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }
}
