using DeployQueue.Domain.StateMachines;

namespace DeployQueue.Domain.Views;

/// <summary>One attempt of a deploy that ended, succeeded or failed: what the DORA figures count.</summary>
public sealed record FinishedAttempt(string Target, bool Succeeded, DateTimeOffset RequestedAt, DateTimeOffset FinishedAt)
{
    /// <summary>The deploy's past attempts and its current one, those that ended.</summary>
    public static IEnumerable<FinishedAttempt> Of(DeployState deploy)
    {
        foreach (var past in deploy.PastAttempts)
            if (Of(deploy.Target, past.FinalState, past.StartedAt, past.FinishedAt) is { } finished)
                yield return finished;
        if (Of(deploy.Target, deploy.CurrentState, deploy.Attempt.StartedAt, deploy.Attempt.FinishedAt) is { } current)
            yield return current;
    }

    static FinishedAttempt? Of(string target, string state, DateTimeOffset startedAt, DateTimeOffset? finishedAt) =>
        (state, finishedAt) switch
        {
            (nameof(DeployStateMachine.Succeeded), { } at) => new FinishedAttempt(target, true, startedAt, at),
            (nameof(DeployStateMachine.Failed), { } at) => new FinishedAttempt(target, false, startedAt, at),
            _ => null,
        };
}
