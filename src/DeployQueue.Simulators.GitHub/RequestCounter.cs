using System.Collections.Concurrent;

namespace DeployQueue.Simulators.GitHub;

public sealed class RequestCounter
{
    sealed class Counts
    {
        public int Spent, NotModified, Faulted;
    }

    readonly ConcurrentDictionary<string, Counts> byEndpoint = new();

    public IReadOnlyDictionary<string, EndpointCount> ByEndpoint =>
        byEndpoint.ToDictionary(e => e.Key, e => new EndpointCount(e.Value.Spent, e.Value.NotModified, e.Value.Faulted));

    public int Spent => byEndpoint.Values.Sum(c => c.Spent);
    public int NotModified => byEndpoint.Values.Sum(c => c.NotModified);
    public int Faulted => byEndpoint.Values.Sum(c => c.Faulted);

    public EndpointCount For(string endpoint) => ByEndpoint.GetValueOrDefault(endpoint, new EndpointCount(0, 0, 0));

    public void Reset() => byEndpoint.Clear();

    internal void CountSpent(string endpoint) => Interlocked.Increment(ref Get(endpoint).Spent);
    internal void CountNotModified(string endpoint) => Interlocked.Increment(ref Get(endpoint).NotModified);
    internal void CountFaulted(string endpoint) => Interlocked.Increment(ref Get(endpoint).Faulted);

    Counts Get(string endpoint) => byEndpoint.GetOrAdd(endpoint, _ => new Counts());
}
