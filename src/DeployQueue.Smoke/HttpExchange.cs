using DeployQueue.Domain.Policies;

namespace DeployQueue.Smoke;

/// <summary>One request to the target and what came back: an answer (status and body) or why there was none.</summary>
sealed record HttpExchange(int? Status, string Body, long LatencyMs, string? NoAnswerReason, bool TimedOut = false)
{
    const int SnippetLength = 200;

    public bool Answered => Status is not null;

    public bool Succeeded => Status is >= 200 and < 300;

    public static HttpExchange Answer(int status, string body, long latencyMs) => new(status, body, latencyMs, null);

    public static HttpExchange NoAnswer(string reason, long latencyMs) => new(null, "", latencyMs, reason);

    public static HttpExchange TimeOut(TimeSpan timeout, long latencyMs) =>
        new(null, "", latencyMs, $"no answer within {timeout.TotalMilliseconds:0} ms", TimedOut: true);

    /// <summary>Slower than <paramref name="maxLatencyMs"/> (when the check has a bound), or no answer within the request timeout.</summary>
    public bool IsSlow(int? maxLatencyMs) => TimedOut || (Answered && LatencyMs > maxLatencyMs);

    /// <summary>
    /// "HTTP 503 after 12 ms, {detail}: {body snippet}", or the reason there was no answer. The prefix is the one
    /// <see cref="SmokeFailurePolicy"/> reads to tell a failing service from one that stopped answering.
    /// </summary>
    public string Describe(string? detail = null)
    {
        if (!Answered)
            return NoAnswerReason!;
        var text = $"{SmokeFailurePolicy.AnsweredPrefix}{Status} after {LatencyMs} ms";
        if (detail is not null)
            text += $", {detail}";
        var snippet = Snippet();
        return snippet.Length > 0 ? $"{text}: {snippet}" : text;
    }

    string Snippet()
    {
        var oneLine = string.Join(' ', Body.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return oneLine.Length <= SnippetLength ? oneLine : oneLine[..SnippetLength] + "…";
    }
}
