using DeployQueue.Persistence.History;

namespace DeployQueue.Service.Status;

/// <summary>
/// The DORA figures the status page shows, read again at most once every <see cref="FreshFor"/>. Reading them goes through every
/// attempt that ended in the last 30 days (10,000 in bench/), while figures over 7 and 30 days barely move in seconds and the page
/// refreshes itself in every browser showing it. Once older, they are still shown, up to <see cref="ShownUpTo"/>, while one read
/// brings newer ones: while the page is open, no refresh waits for that read. The page says when they were read.
/// </summary>
public sealed class RecentDoraFigures(IDeployHistory history, TimeProvider clock)
{
    public static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(HtmlPage.RefreshSeconds);
    public static readonly TimeSpan ShownUpTo = TimeSpan.FromMinutes(1);

    readonly Lock _gate = new();
    DoraSnapshot? _latest;
    Task<DoraSnapshot>? _reading;

    public Task<DoraSnapshot> Get(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var age = _latest is { } latest ? clock.GetUtcNow() - latest.AsOf : TimeSpan.MaxValue;
            if (age <= FreshFor)
                return Task.FromResult(_latest!);
            // One read for all the pages that ask meanwhile, on its own: the page that started it may go away.
            _reading ??= Task.Run(Read, CancellationToken.None);
            return age <= ShownUpTo ? Task.FromResult(_latest!) : _reading.WaitAsync(cancellationToken);
        }
    }

    async Task<DoraSnapshot> Read()
    {
        try
        {
            var now = clock.GetUtcNow();
            var read = new DoraSnapshot(now, await history.Dora(now, CancellationToken.None).ConfigureAwait(false));
            lock (_gate)
                _latest = read;
            return read;
        }
        finally
        {
            lock (_gate)
                _reading = null;
        }
    }
}
