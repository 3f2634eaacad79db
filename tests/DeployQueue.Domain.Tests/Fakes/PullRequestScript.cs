using System.Collections.Concurrent;
using DeployQueue.Contracts;
using DeployQueue.Domain.Ports;

namespace DeployQueue.Domain.Tests.Fakes;

public sealed class PullRequestScript(string repository, int number)
{
    readonly ConcurrentQueue<GateVerdict> _gates = new();

    public string HeadSha { get; } = ScriptedGitHub.Sha($"head:{repository}#{number}");
    public string MergeSha { get; } = ScriptedGitHub.Sha($"merge:{repository}#{number}");
    public string? MergedSha { get; set; }
    public MergeOutcome? MergeOutcome { get; set; }
    public TimeSpan MergeTakes { get; set; } = TimeSpan.Zero;
    /// <summary>Merge calls that have started (each took the <see cref="MergeTakes"/> of its start).</summary>
    public int MergeCallsStarted;

    /// <summary>The next merge calls GitHub answers with a secondary rate limit asking to wait <see cref="RetryAfter"/>.</summary>
    public int RateLimitedMerges;
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromMilliseconds(100);

    internal bool TakeRateLimitedMerge() => Interlocked.Decrement(ref RateLimitedMerges) >= 0;

    /// <summary>What the gate says once the scripted verdicts are used up.</summary>
    public GateVerdict Finally { get; set; } = GateVerdict.Ready;

    public IReadOnlyList<CheckProblem> Checks { get; set; } = [];

    public PullRequestScript Gate(params GateVerdict[] verdicts)
    {
        foreach (var verdict in verdicts)
            _gates.Enqueue(verdict);
        return this;
    }

    internal GateResult NextGate() => Result(_gates.TryDequeue(out var next) ? next : Finally);

    GateResult Result(GateVerdict verdict) => new(verdict, HeadSha, $"gate: {verdict}", verdict == GateVerdict.ChecksFailing ? Checks : []);
}
