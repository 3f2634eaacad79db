using DeployQueue.Contracts;
using DeployQueue.Domain.StateMachines;
using MassTransit;

namespace DeployQueue.Service.Telemetry;

/// <summary>
/// The fix tasks a transition into Failed requested, read off the transition rather than the state machine: the
/// attempt's new fix task ids, in the order of the problems of the result that failed it (a failed deployment, failed
/// smoke tests, or a merge blocked by a conflict or failing checks), which is the order they were published in.
/// </summary>
public static class RequestedFixTasks
{
    public static IReadOnlyList<(Guid Id, Problem Problem)> Of(BehaviorContext<DeployState> context)
    {
        var ids = context.Saga.Attempt.FixTasks.Select(f => f.Id).ToList();
        if (ids.Count == 0)
            return [];
        var problems = context switch
        {
            BehaviorContext<DeployState, DeploymentFailed> deployment => deployment.Message.Problems,
            BehaviorContext<DeployState, SmokeTestsFailed> smoke => smoke.Message.Problems,
            BehaviorContext<DeployState, MergeBlocked> blocked => DeployMessages.ProblemsOf(blocked.Message, context.Saga),
            _ => [],
        };
        return ids.Zip(problems, (id, problem) => (id, problem)).ToList();
    }
}
