namespace DeployQueue.Domain.Tests.Fakes;

/// <summary>The system clock moved by <paramref name="shift"/>: another instance's, or the database's, as seen from this one.</summary>
public sealed class ShiftedClock(TimeSpan shift) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + shift;
}
