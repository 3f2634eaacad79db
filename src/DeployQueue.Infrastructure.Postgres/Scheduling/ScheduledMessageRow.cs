using System.Text.Json;
using DeployQueue.Infrastructure.Postgres.Clock;
using MassTransit;
using MassTransit.Scheduling;
using MassTransit.Serialization;

namespace DeployQueue.Infrastructure.Postgres.Scheduling;

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

    /// <param name="body">The payload's serialized envelope.</param>
    /// <param name="headers">The headers of the scheduling request: they go with the payload when it is sent.</param>
    /// <param name="clock">The due time, read from the scheduling instance's clock, is stored in the database's time.</param>
    public static ScheduledMessageRow For(ScheduleMessage schedule, string body, Headers headers, string contentType, DatabaseClock clock) => new()
    {
        TokenId = schedule.CorrelationId,
        DueAt = clock.FromLocal(AsUtc(schedule.ScheduledTime)),
        Destination = schedule.Destination.ToString(),
        ContentType = contentType,
        MessageTypes = schedule.PayloadType,
        Body = body,
        Headers = JsonSerializer.Serialize(headers.GetAll().ToDictionary(h => h.Key, h => h.Value), SystemTextJsonMessageSerializer.Options),
        CreatedAt = clock.GetUtcNow(),
    };

    static DateTimeOffset AsUtc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Local => new DateTimeOffset(time).ToUniversalTime(),
        _ => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
    };
}
