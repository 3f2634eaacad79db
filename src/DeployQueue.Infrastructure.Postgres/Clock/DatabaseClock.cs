namespace DeployQueue.Infrastructure.Postgres.Clock;

/// <summary>
/// The database's time, as this instance reads it: the local clock plus the offset last measured against PostgreSQL
/// (<see cref="DatabaseClockSynchronizer"/>). Whatever one instance stamps and another judges (an outbox row's age, a
/// schedule's due time, an inbox row's retention) is in this time, so instances whose clocks disagree still agree on
/// what is due and what is orphaned. Timers and elapsed times stay on the local, monotonic clock.
/// </summary>
public sealed class DatabaseClock(TimeProvider local) : TimeProvider
{
    long _offsetTicks;

    /// <summary>The database's time minus the local clock's, as last measured; zero until then.</summary>
    public TimeSpan Offset
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
        internal set => Interlocked.Exchange(ref _offsetTicks, value.Ticks);
    }

    /// <summary>This instance's own clock, which the offset corrects.</summary>
    public TimeProvider Local => local;

    public override DateTimeOffset GetUtcNow() => local.GetUtcNow() + Offset;

    public override long GetTimestamp() => local.GetTimestamp();

    public override long TimestampFrequency => local.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => local.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        local.CreateTimer(callback, state, dueTime, period);

    /// <summary>A time read from this instance's own clock (MassTransit's schedules are), as the database's time.</summary>
    public DateTimeOffset FromLocal(DateTimeOffset localTime) => localTime + Offset;
}
