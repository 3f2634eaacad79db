using System.Collections.Concurrent;
using Octokit.Caching;
using Octokit.Internal;

namespace DeployQueue.GitHub.Http;

/// <summary>The last answer to each GET, so Octokit's <see cref="CachingHttpClient"/> can send If-None-Match and
/// take a 304 (which spends no rate limit) for the cached body. Bounded: the oldest entries go first.</summary>
public sealed class InMemoryResponseCache(int capacity = 4096) : IResponseCache
{
    readonly ConcurrentDictionary<string, CachedResponse.V1> entries = new();
    readonly ConcurrentQueue<string> insertionOrder = new();

    public Task<CachedResponse.V1> GetAsync(IRequest request) =>
        Task.FromResult(entries.GetValueOrDefault(Key(request))!);

    public Task SetAsync(IRequest request, CachedResponse.V1 cachedResponse)
    {
        var key = Key(request);
        if (entries.TryAdd(key, cachedResponse)) insertionOrder.Enqueue(key);
        else entries[key] = cachedResponse;
        while (entries.Count > capacity && insertionOrder.TryDequeue(out var oldest)) entries.TryRemove(oldest, out _);
        return Task.CompletedTask;
    }

    static string Key(IRequest request)
    {
        var uri = new Uri(request.BaseAddress, request.Endpoint);
        var query = request.Parameters is { Count: > 0 } parameters
            ? string.Join('&', parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"))
            : "";
        var accept = request.Headers.TryGetValue("Accept", out var value) ? value : "";
        return $"{request.Method} {uri}?{query} {accept}";
    }
}
