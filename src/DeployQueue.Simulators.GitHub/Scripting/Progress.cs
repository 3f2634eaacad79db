namespace DeployQueue.Simulators.GitHub.Scripting;

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
