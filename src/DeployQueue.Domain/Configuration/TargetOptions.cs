using DeployQueue.Contracts;

namespace DeployQueue.Domain.Configuration;

public sealed class TargetOptions
{
    /// <summary>The GitHub environment name (defaults to the target's name).</summary>
    public string? Environment { get; set; }
    public string BaseUrl { get; set; } = "";
    public MergeStrategy MergeStrategy { get; set; } = MergeStrategy.Squash;
    public int RequiredApprovals { get; set; } = 1;
    public DeployTrigger Trigger { get; set; } = DeployTrigger.Merge;
    public string? Workflow { get; set; }

    /// <summary>The service this target runs, named in fix-task titles when a failed job's log names none. Default: the environment.</summary>
    public string? Service { get; set; }

    /// <summary>The branch the target deploys from: a PR on another base is not merged. Default: the repository's default branch.</summary>
    public string? Branch { get; set; }

    /// <summary>Whether a head on which no check or status has reported may merge; otherwise it waits as checks pending.</summary>
    public bool AllowNoChecks { get; set; }

    public List<HealthCheckOptions> HealthChecks { get; set; } = [];
    public List<SmokeTestOptions> SmokeTests { get; set; } = [];
    public string? VersionPath { get; set; }

    /// <summary>A target with no health check, smoke test or version path is refused at start unless this says it is meant.</summary>
    public bool AllowNoSmokeChecks { get; set; }

    public TimeoutOptions Timeouts { get; set; } = new();

    /// <summary>A target that may only deploy a SHA that already succeeded on this other target.</summary>
    public string? RequiresSuccessOn { get; set; }
    public TaskPriority Priority { get; set; } = TaskPriority.Normal;
    public bool RollbackOnCriticalFailure { get; set; }

    /// <summary>How a rollback is done, where <see cref="RollbackOnCriticalFailure"/> asks for one.</summary>
    public RollbackMode Rollback { get; set; } = RollbackMode.Request;

    /// <summary>Watching the release after its deploy succeeded; off unless its Window is set.</summary>
    public MonitoringOptions Monitoring { get; set; } = new();

    /// <summary>Canary steps, each judged by the monitoring checks; off unless steps are listed (needs Trigger Deployment).</summary>
    public RolloutOptions Rollout { get; set; } = new();
}
