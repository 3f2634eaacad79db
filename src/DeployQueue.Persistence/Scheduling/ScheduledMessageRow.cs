namespace DeployQueue.Persistence.Scheduling;

/// <summary>
/// A message the bus scheduler holds until it is due, one row per scheduling token. A cancel that arrives
/// before its schedule leaves a cancelled row (a tombstone), so the late schedule is dropped.
/// </summary>
public class ScheduledMessageRow
{
    public Guid TokenId { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public string Destination { get; set; } = "";
    public string ContentType { get; set; } = "";
    public string[] MessageTypes { get; set; } = [];
    /// <summary>The serialized message, as the scheduler received it.</summary>
    public string Body { get; set; } = "";
    /// <summary>The headers of the scheduling request, as a JSON object.</summary>
    public string Headers { get; set; } = "{}";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }
}
