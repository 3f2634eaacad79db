using System.Collections.Concurrent;
using DeployQueue.Contracts;

namespace DeployQueue.Cli.Demo;

/// <summary>What the demo's deploys published downstream, by deploy: the live view and the summary read it.</summary>
public sealed class DemoRecorder
{
    readonly ConcurrentDictionary<Guid, ConcurrentQueue<Announcement>> _announcements = new();
    readonly ConcurrentDictionary<Guid, ConcurrentQueue<FixTaskRequested>> _fixTasks = new();

    public IReadOnlyList<Announcement> AnnouncementsOf(Guid deployId) => _announcements.GetValueOrDefault(deployId)?.ToList() ?? [];

    public IReadOnlyList<FixTaskRequested> FixTasksOf(Guid deployId) => _fixTasks.GetValueOrDefault(deployId)?.ToList() ?? [];

    internal void Add(Announcement announcement) => _announcements.GetOrAdd(announcement.DeployId, _ => new()).Enqueue(announcement);

    internal void Add(FixTaskRequested fixTask) => _fixTasks.GetOrAdd(fixTask.DeployId, _ => new()).Enqueue(fixTask);
}
