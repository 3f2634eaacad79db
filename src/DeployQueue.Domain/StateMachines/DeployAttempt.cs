using DeployQueue.Contracts;

namespace DeployQueue.Domain.StateMachines;

/// <summary>
/// One attempt of a deploy: the request that started it and how far it got. The next attempt replaces it as a
/// whole, so nothing of this one leaks into it.
/// </summary>
public class DeployAttempt
{
    public int Number { get; set; }
    /// <summary>The identity of the request that started the attempt: the same request again starts none.</summary>
    public Guid RequestId { get; set; }
    public DateTimeOffset StartedAt { get; set; }

    // The request, as accepted.
    public string TaskId { get; set; } = "";
    public string Title { get; set; } = "";
    public string PrUrl { get; set; } = "";
    public string Branch { get; set; } = "";
    public string? FeatureName { get; set; }
    public string? CommitBuildTaskId { get; set; }
    public TaskPriority Priority { get; set; }
    public MergeStrategy MergeStrategy { get; set; }
    public string? PromotedSha { get; set; }

    // How far it got.
    /// <summary>What the last deploy that succeeded on the target left running there, as the lane granted it.</summary>
    public string? LastKnownGoodSha { get; set; }
    /// <summary>The merge timeout's due time, set at the attempt's first grant: no merge is made after it.</summary>
    public DateTimeOffset? MergeDeadline { get; set; }
    public string? HeadSha { get; set; }
    public string? MergeSha { get; set; }
    public string? RunUrl { get; set; }
    /// <summary>The rollout step under way (its Deployment watched, or judged): null on a target without a rollout.</summary>
    public CanaryStep? Canary { get; set; }
    /// <summary>The step's Deployment succeeded and the lane's monitor judges it: the next step waits for its verdict.</summary>
    public bool CanaryJudged { get; set; }
    public DeployStage? Stage { get; set; }
    /// <summary>The smoke timeout's due time, set when the deployment succeeded: until then a target not ready yet is re-checked.</summary>
    public DateTimeOffset? SmokeDeadline { get; set; }
    /// <summary>How often the smoke checks were re-checked on a target not ready yet: the next re-check waits longer.</summary>
    public int SmokeRechecks { get; set; }
    /// <summary>A look at the deployment was sent and has not answered yet: it will see what GitHub shows now.</summary>
    public bool LookOutstanding { get; set; }
    /// <summary>
    /// A webhook said the deployment changed while a look was outstanding: if that look answers that it still runs (it
    /// read GitHub before the change), look again at once; if it answers with the end, no second look is spent.
    /// </summary>
    public bool LookAgainWhenAnswered { get; set; }
    /// <summary>Why the deploy waits, for `deployq status`; null while it works.</summary>
    public string? WaitingFor { get; set; }
    /// <summary>What the gate last waited for (approval, checks): why the deploy sits in AwaitingGate, for the status page.</summary>
    public MergeBlockReason? GateBlockedBy { get; set; }
    public bool ApprovalAnnounced { get; set; }
    public List<RequestedFixTask> FixTasks { get; set; } = [];
    public string? Outcome { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }

    public static DeployAttempt Start(int number, DeployAccepted accepted, DateTimeOffset now) => new()
    {
        Number = number,
        RequestId = accepted.RequestId,
        StartedAt = now,
        TaskId = accepted.Request.TaskId,
        Title = accepted.Request.Title,
        PrUrl = accepted.Request.PrUrl,
        Branch = accepted.Request.Branch,
        FeatureName = accepted.Request.FeatureName,
        CommitBuildTaskId = accepted.Request.CommitBuildTaskId,
        Priority = accepted.Priority,
        MergeStrategy = accepted.MergeStrategy,
        PromotedSha = accepted.PromotedSha,
    };

    /// <summary>How it ended, once the next attempt replaces it.</summary>
    public AttemptRecord Record(string finalState) => new(Number, finalState, Outcome, MergeSha, StartedAt, FinishedAt);
}
