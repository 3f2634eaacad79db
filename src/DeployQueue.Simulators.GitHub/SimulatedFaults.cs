namespace DeployQueue.Simulators.GitHub;

/// <summary>Faults the simulator injects before answering: server errors, rate limits, latency, no answer, a reset
/// connection; scripted for the next requests, or drawn at random for a share of all requests (<see cref="Rate"/>). A fault
/// is answered before the request does anything, as GitHub's edge refuses it.</summary>
public sealed class SimulatedFaults
{
    /// <summary>An injected answer: a status code with GitHub's headers, or (no status code) the connection reset once
    /// <paramref name="Hold"/> has passed or the client gave up.</summary>
    internal sealed record Fault(int? StatusCode, string Message, TimeSpan? RetryAfter, TimeSpan? RateLimitResetIn, string? PathContains,
        TimeSpan Hold = default);

    const string SecondaryRateLimitMessage = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.";
    static readonly RandomFault[] Kinds = Enum.GetValues<RandomFault>();

    readonly Lock sync = new();
    readonly List<Fault> pending = [];
    readonly Dictionary<RandomFault, int> injected = Kinds.ToDictionary(k => k, _ => 0);
    Random random = new();

    /// <summary>Added to every answer.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>The share of requests (0 to 1) answered with a <see cref="RandomFault"/> of a kind drawn evenly; 0: none.</summary>
    public double Rate { get; set; }

    /// <summary>The Retry-After of the rate limits of <see cref="RandomFault"/>.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest a <see cref="RandomFault.Timeout"/> holds its request when the client does not give up first.</summary>
    public TimeSpan TimeoutHold { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Seeds the draws, so that a run's faults can be drawn again.</summary>
    public int Seed
    {
        set
        {
            lock (sync) random = new Random(value);
        }
    }

    /// <summary>The random faults injected so far, by kind.</summary>
    public IReadOnlyDictionary<RandomFault, int> Injected
    {
        get
        {
            lock (sync) return new Dictionary<RandomFault, int>(injected);
        }
    }

    /// <summary>The next <paramref name="count"/> requests (whose path contains <paramref name="pathContains"/>, if given) fail with a 5xx.</summary>
    public void FailNext(int count, int statusCode = 502, string? pathContains = null) =>
        Add(count, new Fault(statusCode, "Server Error", null, null, pathContains));

    /// <summary>A secondary rate limit: 429 with Retry-After.</summary>
    public void RateLimitNext(int count, TimeSpan retryAfter, string? pathContains = null) =>
        Add(count, new Fault(429, SecondaryRateLimitMessage, retryAfter, null, pathContains));

    /// <summary>The primary rate limit spent: 403 with X-RateLimit-Remaining 0 and X-RateLimit-Reset <paramref name="resetIn"/> from now.</summary>
    public void ExhaustRateLimitNext(int count, TimeSpan resetIn, string? pathContains = null) =>
        Add(count, new Fault(403, "API rate limit exceeded for user ID 1.", null, resetIn, pathContains));

    /// <summary>The next <paramref name="count"/> requests (whose path contains <paramref name="pathContains"/>, if given) get a fault of this kind.</summary>
    public void InjectNext(int count, RandomFault kind, string? pathContains = null) => Add(count, Of(kind) with { PathContains = pathContains });

    void Add(int count, Fault fault)
    {
        lock (sync) pending.AddRange(Enumerable.Repeat(fault, count));
    }

    /// <summary>The fault this request gets: the first scripted one for its path, else one drawn at <see cref="Rate"/>, else none.</summary>
    internal Fault? Take(string path)
    {
        lock (sync)
        {
            var index = pending.FindIndex(f => f.PathContains is null || path.Contains(f.PathContains, StringComparison.OrdinalIgnoreCase));
            if (index >= 0)
            {
                var fault = pending[index];
                pending.RemoveAt(index);
                return fault;
            }
            if (Rate <= 0 || random.NextDouble() >= Rate) return null;
            var kind = Kinds[random.Next(Kinds.Length)];
            injected[kind]++;
            return Of(kind);
        }
    }

    Fault Of(RandomFault kind) => kind switch
    {
        RandomFault.BadGateway => new Fault(502, "Server Error", null, null, null),
        RandomFault.ServiceUnavailable => new Fault(503, "Service Unavailable", null, null, null),
        RandomFault.TooManyRequests => new Fault(429, SecondaryRateLimitMessage, RetryAfter, null, null),
        RandomFault.SecondaryRateLimit => new Fault(403, SecondaryRateLimitMessage, RetryAfter, null, null),
        RandomFault.Timeout => new Fault(null, "", null, null, null, TimeoutHold),
        _ => new Fault(null, "", null, null, null),
    };
}
