namespace DeployQueue.Contracts;

/// <summary>
/// A human-readable update about a deploy. Published by the Deploy Queue at the start, at each
/// milestone and at the end; delivered to the durable `announce` queue.
/// </summary>
public record Announcement
{
    /// <summary>The deploy's saga id; empty for a request rejected before any deploy existed, and for a lane locked or unlocked.</summary>
    public Guid DeployId { get; init; }
    public AnnouncementKind Kind { get; init; }
    public string Message { get; init; } = "";
    public string? DeployTaskId { get; init; }
    public string? Repository { get; init; }
    public int? PrNumber { get; init; }
    public string? Target { get; init; }
    public int Attempt { get; init; }
    public DateTimeOffset At { get; init; }
    public TimeSpan? Duration { get; init; }
    public IReadOnlyList<Link> Links { get; init; } = [];
    public IReadOnlyDictionary<string, string> Metrics { get; init; } = new Dictionary<string, string>();
}
