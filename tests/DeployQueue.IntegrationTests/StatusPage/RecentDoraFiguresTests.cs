using DeployQueue.Domain.StateMachines;
using DeployQueue.Domain.Views;
using DeployQueue.Persistence.History;
using DeployQueue.Service.Status;

namespace DeployQueue.IntegrationTests.StatusPage;

/// <summary>
/// The status page's DORA figures (<see cref="RecentDoraFigures"/>): read once for every page within a few seconds, the older
/// ones shown with their time while one read brings newer ones, and waited for once too old to show.
/// </summary>
[TestFixture]
public class RecentDoraFiguresTests
{
    static readonly DateTimeOffset Start = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task Pages_within_a_few_seconds_share_one_read_and_older_figures_show_with_their_time_while_one_read_brings_newer_ones()
    {
        var clock = new SetClock(Start);
        var history = new ReadsCounted();
        var figures = new RecentDoraFigures(history, clock);

        var first = figures.Get(CancellationToken.None);
        var firstMeanwhile = figures.Get(CancellationToken.None);
        history.Finish();
        var firstShown = await first;
        clock.Now += RecentDoraFigures.FreshFor;
        var stillFresh = await figures.Get(CancellationToken.None);
        clock.Now += TimeSpan.FromSeconds(1);
        var olderWhileReading = await figures.Get(CancellationToken.None);
        var olderAgain = await figures.Get(CancellationToken.None);
        history.Finish();
        var newer = await Eventually.Until(() => figures.Get(CancellationToken.None), s => s.AsOf > Start, TimeSpan.FromSeconds(10), "newer figures");

        Assert.Multiple(() =>
        {
            Assert.That(firstShown.AsOf, Is.EqualTo(Start), "the first page waits for the first read");
            Assert.That(firstMeanwhile.Result, Is.SameAs(firstShown), "a page asking during that read shares it");
            Assert.That(stillFresh, Is.SameAs(firstShown));
            Assert.That((olderWhileReading, olderAgain), Is.EqualTo((firstShown, firstShown)), "older figures shown while the next read runs");
            Assert.That(newer.AsOf, Is.EqualTo(Start + RecentDoraFigures.FreshFor + TimeSpan.FromSeconds(1)));
            Assert.That(newer.Figures.Single().Deploys, Is.EqualTo(2));
            Assert.That(history.Reads, Is.EqualTo(2), "one read for the pages that asked while it ran");
        });
    }

    [Test]
    public async Task Figures_too_old_to_show_are_read_again_before_the_page_shows()
    {
        var clock = new SetClock(Start);
        var history = new ReadsCounted();
        var figures = new RecentDoraFigures(history, clock);
        history.Finish();
        await figures.Get(CancellationToken.None);

        clock.Now += RecentDoraFigures.ShownUpTo + TimeSpan.FromSeconds(1);
        var page = figures.Get(CancellationToken.None);
        var waited = !page.IsCompleted;
        history.Finish();
        var shown = await page;

        Assert.Multiple(() =>
        {
            Assert.That(waited, Is.True, "the page waits for the read");
            Assert.That(shown.AsOf, Is.EqualTo(clock.Now));
        });
    }

    sealed class SetClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    /// <summary>The deploy history's DORA read, each one answered when the test says so, with as many deploys as reads so far.</summary>
    sealed class ReadsCounted : IDeployHistory
    {
        readonly SemaphoreSlim _answers = new(0);
        int _reads;

        public int Reads => _reads;

        public void Finish() => _answers.Release();

        public async Task<IReadOnlyList<DoraFigures>> Dora(DateTimeOffset now, CancellationToken cancellationToken = default)
        {
            var read = Interlocked.Increment(ref _reads);
            await _answers.WaitAsync(cancellationToken);
            return [new DoraFigures("production", 7, read, null, null, null)];
        }

        public Task<IReadOnlyList<DeployTransition>> ForPullRequest(string repository, int prNumber, string? target = null,
            CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<DeployTransition>> ForTarget(string target, string? repository = null, int limit = 100,
            CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<DeployState>> Deploys(string? repository = null, string? target = null, string? state = null,
            int limit = IDeployHistory.DefaultLimit, int offset = 0, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<DeployState?> Deploy(Guid deployId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<LaneView>> Lanes(string? repository = null, string? target = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task<IReadOnlyList<MonitorState>> Monitors(string? repository = null, string? target = null,
            CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<string?> LastKnownGoodSha(string repository, string target, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();
    }
}
