namespace DeployQueue.Simulators.GitHub.Scripting;

/// <summary>How fast a scripted process (a workflow run, a deployment's statuses) advances: after a number of
/// reads of its resource, or over a duration of wall-clock time. <see cref="Immediate"/> is done at the first read.</summary>
public sealed record Pace(int Polls, TimeSpan Duration)
{
    public static Pace Immediate { get; } = new(0, TimeSpan.Zero);

    /// <summary>The process is complete on the <paramref name="polls"/>-th read, partly advanced before.</summary>
    public static Pace AfterPolls(int polls) => new(polls, TimeSpan.Zero);

    public static Pace Over(TimeSpan duration) => new(0, duration);
}
