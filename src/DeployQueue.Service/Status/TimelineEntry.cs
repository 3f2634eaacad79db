using DeployQueue.Persistence.History;

namespace DeployQueue.Service.Status;

/// <summary>One transition of a deploy, as its timeline shows it.</summary>
public sealed record TimelineEntry(DateTimeOffset At, int Attempt, string From, string To, string Cause)
{
    public static TimelineEntry Of(DeployTransition t) => new(t.OccurredAt, t.Attempt, t.FromState, t.ToState, t.Cause);
}
