namespace DeployQueue.Domain.Policies;

/// <summary>
/// When a watch samples next: on a fixed grid from the moment the watch started (start + n × interval), not an interval after
/// the last sample was handled. Scheduled from the handling, every interval would be late by the scheduler's poll, the
/// broker and the saga's step, and the lateness would add up interval after interval; on the grid it never adds up, so
/// FailureLimit bad intervals in a row take FailureLimit intervals. A sample handled late (a busy instance, a restart)
/// skips the grid points less than a quarter of an interval away rather than sampling twice in a burst. A quarter, not a
/// half: with 100 lanes at a 1 s interval on a busy instance, some intervals were handled over half an interval late, and
/// each skip put a degradation's detection a whole interval later.
/// </summary>
public static class MonitoringCadence
{
    public static DateTimeOffset NextSampleAt(DateTimeOffset startedAt, TimeSpan interval, DateTimeOffset now)
    {
        var elapsed = now + interval / 4 - startedAt;
        var passed = elapsed <= TimeSpan.Zero ? 0 : (long)(elapsed.Ticks / interval.Ticks);
        return startedAt + interval * (passed + 1);
    }
}
