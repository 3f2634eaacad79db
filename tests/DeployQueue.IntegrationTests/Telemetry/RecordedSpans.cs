using System.Collections;
using System.Diagnostics;

namespace DeployQueue.IntegrationTests.Telemetry;

/// <summary>What the in-memory exporter writes into, safe to read while spans still end on other threads.</summary>
public sealed class RecordedSpans : ICollection<Activity>
{
    readonly List<Activity> _spans = [];

    public IReadOnlyList<Activity> Snapshot()
    {
        lock (_spans)
            return _spans.ToList();
    }

    public void Add(Activity item)
    {
        lock (_spans)
            _spans.Add(item);
    }

    public void Clear()
    {
        lock (_spans)
            _spans.Clear();
    }

    public int Count => Snapshot().Count;
    public bool IsReadOnly => false;
    public bool Contains(Activity item) => Snapshot().Contains(item);
    public void CopyTo(Activity[] array, int arrayIndex) => Snapshot().ToList().CopyTo(array, arrayIndex);
    public bool Remove(Activity item)
    {
        lock (_spans)
            return _spans.Remove(item);
    }

    public IEnumerator<Activity> GetEnumerator() => Snapshot().GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
