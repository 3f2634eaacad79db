using System.Collections.Concurrent;

namespace DeployQueue.Bench.Infrastructure;

/// <summary>
/// The clock of every deploy, as a downstream service sees it: announcements and fix tasks are read from a queue of
/// the bench's own, bound to the same exchanges as the durable downstream queues.
/// </summary>
public sealed class Milestones
{
    readonly ConcurrentDictionary<(Guid DeployId, Milestone Milestone), DateTimeOffset> seen = new();
    /// <summary>The first arrival counts; a redelivered announcement is not a second milestone.</summary>
    public void Record(Guid deployId, Milestone milestone, DateTimeOffset at) => seen.TryAdd((deployId, milestone), at);

    readonly ConcurrentBag<double> intervalsMs = [];

    /// <summary>How far apart a watch's intervals really were (its duration over the intervals it judged), as a Stable announcement tells.</summary>
    public void RecordInterval(TimeSpan interval) => intervalsMs.Add(interval.TotalMilliseconds);

    public IReadOnlyCollection<double> IntervalsMs => intervalsMs.ToArray();

    public DateTimeOffset? At(Guid deployId, Milestone milestone) =>
        seen.TryGetValue((deployId, milestone), out var at) ? at : null;

    /// <summary>Milliseconds from the request to the milestone, for every deploy that reached it.</summary>
    public IReadOnlyList<double> LatenciesMs(IEnumerable<Guid> deployIds, Milestone milestone) => deployIds
        .Select(id => (Requested: At(id, Milestone.Requested), Reached: At(id, milestone)))
        .Where(x => x is { Requested: not null, Reached: not null })
        .Select(x => (x.Reached!.Value - x.Requested!.Value).TotalMilliseconds)
        .ToList();

    /// <summary>The last moment any of the deploys reached one of the milestones.</summary>
    public DateTimeOffset? Last(IEnumerable<Guid> deployIds, params Milestone[] milestones) => deployIds
        .SelectMany(id => milestones.Select(m => At(id, m)))
        .Max();

    /// <summary>Waits until <paramref name="count"/> deploys of <paramref name="deployIds"/> reached one of the
    /// milestones, or the bound passed; returns how many did.</summary>
    public async Task<int> WaitFor(IReadOnlyCollection<Guid> deployIds, int count, TimeSpan bound, params Milestone[] milestones)
    {
        var until = DateTimeOffset.UtcNow + bound;
        while (true)
        {
            var reached = deployIds.Count(id => milestones.Any(m => seen.ContainsKey((id, m))));
            if (reached >= count || DateTimeOffset.UtcNow > until)
                return reached;
            await Task.Delay(50);
        }
    }
}
