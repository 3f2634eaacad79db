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

/// <summary>The progress (0..1) of one running process under its <see cref="Pace"/>.</summary>
internal sealed class Progress(Pace pace, DateTimeOffset startedAt)
{
    int reads;

    /// <summary>Counts one read of the resource and answers the progress that read sees.</summary>
    public double Read()
    {
        reads++;
        return Current;
    }

    public double Current =>
        pace.Polls > 0 ? Math.Min(1.0, (double)reads / pace.Polls) :
        pace.Duration > TimeSpan.Zero ? Math.Min(1.0, (DateTimeOffset.UtcNow - startedAt) / pace.Duration) :
        1.0;
}
