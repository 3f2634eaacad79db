namespace DeployQueue.GitHub.Http;

/// <summary>
/// Octokit's clients take no CancellationToken. A gateway method hands its caller's token to the HTTP client through
/// this scope, so that cancelling the caller (a consumer stopping with its instance) ends the request under way and the
/// retry waits, not only the gateway's own delays.
/// </summary>
public static class CallerCancellation
{
    static readonly AsyncLocal<CancellationToken> Current = new();

    /// <summary>The token of the gateway call under way on this async flow; none outside one.</summary>
    public static CancellationToken Token => Current.Value;

    public static Scope Use(CancellationToken token)
    {
        var outer = Current.Value;
        Current.Value = token;
        return new Scope(outer);
    }

    public readonly struct Scope(CancellationToken outer) : IDisposable
    {
        public void Dispose() => Current.Value = outer;
    }
}
