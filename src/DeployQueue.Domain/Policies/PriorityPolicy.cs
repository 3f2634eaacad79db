using DeployQueue.Contracts;

namespace DeployQueue.Domain.Policies;

/// <summary>Who goes first, and how urgent a fix task is.</summary>
public static class PriorityPolicy
{
    /// <summary>Production failures are critical, staging high, every other environment normal (by the target's environment, not its name).</summary>
    public static TaskPriority ForFixTask(string environment) => environment.ToLowerInvariant() switch
    {
        "production" or "prod" => TaskPriority.Critical,
        "staging" => TaskPriority.High,
        _ => TaskPriority.Normal,
    };

    /// <summary>The request's own priority wins; else the target's configured one.</summary>
    public static TaskPriority ForDeploy(TaskPriority? requested, TaskPriority targetDefault) => requested ?? targetDefault;
}
