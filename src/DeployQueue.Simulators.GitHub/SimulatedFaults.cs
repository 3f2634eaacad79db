namespace DeployQueue.Simulators.GitHub;

/// <summary>Faults the simulator injects before answering: server errors, rate limits, latency.</summary>
public sealed class SimulatedFaults
{
    internal sealed record Fault(int StatusCode, string Message, TimeSpan? RetryAfter, TimeSpan? RateLimitResetIn, string? PathContains);

    readonly Lock sync = new();
    readonly List<Fault> pending = [];

    /// <summary>Added to every answer.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>The next <paramref name="count"/> requests (whose path contains <paramref name="pathContains"/>, if given) fail with a 5xx.</summary>
    public void FailNext(int count, int statusCode = 502, string? pathContains = null) =>
        Add(count, new Fault(statusCode, "Server Error", null, null, pathContains));

    /// <summary>A secondary rate limit: 429 with Retry-After.</summary>
    public void RateLimitNext(int count, TimeSpan retryAfter, string? pathContains = null) =>
        Add(count, new Fault(429, "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.", retryAfter, null, pathContains));

    /// <summary>The primary rate limit spent: 403 with X-RateLimit-Remaining 0 and X-RateLimit-Reset <paramref name="resetIn"/> from now.</summary>
    public void ExhaustRateLimitNext(int count, TimeSpan resetIn, string? pathContains = null) =>
        Add(count, new Fault(403, "API rate limit exceeded for user ID 1.", null, resetIn, pathContains));

    void Add(int count, Fault fault)
    {
        lock (sync) pending.AddRange(Enumerable.Repeat(fault, count));
    }

    internal Fault? Take(string path)
    {
        lock (sync)
        {
            var index = pending.FindIndex(f => f.PathContains is null || path.Contains(f.PathContains, StringComparison.OrdinalIgnoreCase));
            if (index < 0) return null;
            var fault = pending[index];
            pending.RemoveAt(index);
            return fault;
        }
    }
}
