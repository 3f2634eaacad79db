using DeployQueue.Contracts;

namespace DeployQueue.Domain.StateMachines;

/// <summary>A fix task an attempt requested, as the deploy's page names it: what kind, its title, the service it is about.</summary>
public record RequestedFixTask(Guid Id, FixTaskKind Kind, string Title, string? Component)
{
    public static RequestedFixTask Of(FixTaskRequested fixTask) => new(fixTask.FixTaskId, fixTask.Kind, fixTask.Title, fixTask.Component);
}
