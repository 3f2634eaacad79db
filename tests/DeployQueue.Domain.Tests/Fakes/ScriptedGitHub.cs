using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using DeployQueue.Contracts;
using DeployQueue.Domain.Ports;

namespace DeployQueue.Domain.Tests.Fakes;

/// <summary>
/// An in-memory stand-in for our GitHub ports: each PR's gate verdicts and merge outcome, and each merge
/// SHA's pipeline, are scripted by the test; merges are recorded so tests can see what was merged, and when. The merge
/// commits form one linear history, in the order they were made, for compare.
/// </summary>
public sealed class ScriptedGitHub : IPullRequestGateway, IDeploymentGateway
{
    readonly ConcurrentDictionary<(string, int), PullRequestScript> _pullRequests = new();
    readonly ConcurrentDictionary<string, PipelineScript> _pipelines = new();
    readonly ConcurrentQueue<(string Repository, int PrNumber, string HeadSha)> _merges = new();
    readonly ConcurrentQueue<(string Sha, string Environment)> _deployments = new();
    readonly ConcurrentQueue<(string Sha, CanaryStep Step)> _steps = new();
    readonly ConcurrentQueue<(string Sha, string Environment)> _rollbacks = new();
    readonly ConcurrentQueue<string> _history = new();
    readonly ConcurrentQueue<(string CurrentSha, string CandidateSha)> _comparisons = new();

    public PullRequestScript PullRequest(string repository, int number) =>
        _pullRequests.GetOrAdd((repository, number), key => new PullRequestScript(key.Item1, key.Item2));

    public PipelineScript Pipeline(string mergeSha) => _pipelines.GetOrAdd(mergeSha, _ => new PipelineScript());

    public IReadOnlyList<(string Repository, int PrNumber, string HeadSha)> Merges => _merges.ToList();

    public IReadOnlyList<(string Sha, string Environment)> DeploymentsCreated => _deployments.ToList();

    /// <summary>The rollout steps' Deployments created, one per SHA and step however often a step is watched.</summary>
    public IReadOnlyList<(string Sha, CanaryStep Step)> StepDeploymentsCreated => _steps.ToList();

    /// <summary>The rollbacks' Deployments, with the release each took off (a target with a rollout: weight 0 for it).</summary>
    public IReadOnlyList<string?> AbortedShas => _aborted.ToList();

    readonly ConcurrentQueue<string?> _aborted = new();
    readonly ConcurrentDictionary<(string Sha, int Step), PipelineObservation> _stepPipelines = new();

    /// <summary>What every look at the Deployment of <paramref name="sha"/>'s rollout step <paramref name="step"/> shows, once it is the newest.</summary>
    public void StepPipeline(string sha, int step, PipelineObservation observation) => _stepPipelines[(sha, step)] = observation;

    public IReadOnlyList<(string CurrentSha, string CandidateSha)> Comparisons => _comparisons.ToList();

    public IReadOnlyList<(string Sha, string Environment)> RollbackDeploymentsCreated => _rollbacks.ToList();

    /// <summary>What a rollback deployment does once created: by default nothing (the test lands it on its target itself).</summary>
    public Action<string> OnRollback { get; set; } = _ => { };

    public Task<GateResult> EvaluateGate(string repository, int prNumber, GateRules rules, CancellationToken cancellationToken)
    {
        var pr = PullRequest(repository, prNumber);
        return Task.FromResult(pr.MergedSha is { } merged
            ? new GateResult(GateVerdict.AlreadyMerged, pr.HeadSha, "already merged", [], merged)
            : pr.NextGate());
    }

    public async Task<MergeOutcome> Merge(string repository, int prNumber, string headSha, MergeStrategy strategy, string commitTitle,
        CancellationToken cancellationToken)
    {
        var pr = PullRequest(repository, prNumber);
        // GitHub taking its time to answer a merge.
        var takes = pr.MergeTakes;
        Interlocked.Increment(ref pr.MergeCallsStarted);
        await Task.Delay(takes, cancellationToken);
        if (pr.TakeRateLimitedMerge())
            throw new RetryAfterException(pr.RetryAfter, "scripted: GitHub's secondary rate limit");
        if (pr.MergeOutcome is { } scripted)
            return scripted;
        if (pr.MergedSha is { } merged)
            return new MergeOutcome(MergeOutcomeKind.AlreadyMerged, merged, 200, "already merged");

        pr.MergedSha = pr.MergeSha;
        _merges.Enqueue((repository, prNumber, headSha));
        _history.Enqueue(pr.MergeSha);
        return new MergeOutcome(MergeOutcomeKind.Merged, pr.MergeSha, 200, "merged");
    }

    public Task<CommitOrder> Compare(string repository, string currentSha, string candidateSha, CancellationToken cancellationToken)
    {
        _comparisons.Enqueue((currentSha, candidateSha));
        var history = _history.ToList();
        var (current, candidate) = (history.IndexOf(currentSha), history.IndexOf(candidateSha));
        return Task.FromResult(
            current < 0 || candidate < 0 ? CommitOrder.Unknown :
            candidate > current ? CommitOrder.Ahead :
            candidate < current ? CommitOrder.Behind :
            CommitOrder.Identical);
    }

    public Task EnsureDeployment(PipelineQuery query, int attempt, CanaryStep? step, CancellationToken cancellationToken)
    {
        if (!_deployments.Contains((query.MergeSha, query.Environment)))
            _deployments.Enqueue((query.MergeSha, query.Environment));
        if (step is not null && !_steps.Any(s => s.Sha == query.MergeSha && s.Step.Number == step.Number))
            _steps.Enqueue((query.MergeSha, step));
        return Task.CompletedTask;
    }

    public Task RollBack(string repository, string sha, string environment, DateTimeOffset decidedAt, string? abortedSha,
        CancellationToken cancellationToken)
    {
        if (!_rollbacks.Contains((sha, environment)))
        {
            _rollbacks.Enqueue((sha, environment));
            _aborted.Enqueue(abortedSha);
            OnRollback(sha);
        }
        return Task.CompletedTask;
    }

    public async Task<PipelineObservation> Observe(PipelineQuery query, CancellationToken cancellationToken)
    {
        var pipeline = Pipeline(query.MergeSha);
        await pipeline.WhenLooksReleased(cancellationToken);
        if (_steps.LastOrDefault(s => s.Sha == query.MergeSha) is { Step: { } step }
            && _stepPipelines.TryGetValue((query.MergeSha, step.Number), out var scripted))
            return scripted;
        return pipeline.TakeFailedLook() ? throw new HttpRequestException("scripted: GitHub is unavailable") : pipeline.Next();
    }

    public static string Sha(string seed) => Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(seed)));
}
