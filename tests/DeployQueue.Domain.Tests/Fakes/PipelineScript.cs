using System.Collections.Concurrent;
using DeployQueue.Contracts;
using DeployQueue.Domain.Ports;

namespace DeployQueue.Domain.Tests.Fakes;

/// <summary>What each look at a merge SHA's pipeline shows; the last one repeats.</summary>
public sealed class PipelineScript
{
    readonly ConcurrentQueue<PipelineObservation> _observations = new();
    PipelineObservation _last = Succeeded;

    public static readonly PipelineObservation Succeeded =
        new(PipelineStatus.Succeeded, DeployStage.Startup, "https://github.example/actions/runs/1", "https://staging.example", []);

    public static PipelineObservation Running(DeployStage stage) =>
        new(PipelineStatus.Running, stage, "https://github.example/actions/runs/1", null, []);

    public static PipelineObservation Failed(params FailedJob[] jobs) =>
        new(PipelineStatus.Failed, jobs.FirstOrDefault()?.Stage ?? DeployStage.Deploy, "https://github.example/actions/runs/1", null, jobs);

    public PipelineScript Then(params PipelineObservation[] observations)
    {
        foreach (var observation in observations)
            _observations.Enqueue(observation);
        return this;
    }

    /// <summary>What every look shows once the scripted ones are used up.</summary>
    public PipelineScript Forever(PipelineObservation observation)
    {
        _last = observation;
        return this;
    }

    int _failedLooks;

    /// <summary>The first <paramref name="count"/> looks at the pipeline fail, as when GitHub is unavailable.</summary>
    public PipelineScript FailLooks(int count)
    {
        _failedLooks = count;
        return this;
    }

    TaskCompletionSource? _heldLooks;

    /// <summary>Looks wait until <see cref="ReleaseLooks"/>: a look outstanding while something else happens.</summary>
    public PipelineScript HoldLooks()
    {
        _heldLooks = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return this;
    }

    public void ReleaseLooks() => _heldLooks?.TrySetResult();

    internal Task WhenLooksReleased(CancellationToken cancellationToken) => _heldLooks?.Task.WaitAsync(cancellationToken) ?? Task.CompletedTask;

    internal bool TakeFailedLook() => Interlocked.Decrement(ref _failedLooks) >= 0;

    internal PipelineObservation Next() => _observations.TryDequeue(out var next) ? next : _last;
}
