namespace DeployQueue.Simulators.GitHub.Scripting;

/// <summary>What the repository's pipeline does after a merge (push to the base branch) or after a deployment is
/// created: a workflow run with jobs and steps, and/or deployment statuses for an environment.</summary>
public sealed record PipelineScript
{
    public string WorkflowFile { get; init; } = "deploy.yml";
    public string WorkflowName { get; init; } = "Deploy";
    public IReadOnlyList<JobScript> Jobs { get; init; } = [];
    public Pace RunPace { get; init; } = Pace.Immediate;

    /// <summary>For a merge-triggered pipeline that also reports a GitHub Deployment: its environment.</summary>
    public string? Environment { get; init; }
    public IReadOnlyList<DeploymentStatusScript> DeploymentStatuses { get; init; } = [];
    public Pace StatusPace { get; init; } = Pace.Immediate;

    /// <summary>Called once with the SHA when the workflow run is first seen completed green: the new version is live
    /// (a demo or test lands it on its target simulator).</summary>
    public Action<string>? WhenSucceeded { get; init; }

    /// <summary>What a re-run of a run with this script does (POST .../rerun); unset, the re-run does the same again.
    /// The run keeps its workflow: only the jobs, pace, deployment statuses and <see cref="WhenSucceeded"/> apply.</summary>
    public PipelineScript? OnRerun { get; init; }

    /// <summary>A build, deploy, health check and startup job that all pass.</summary>
    public static PipelineScript Succeeding(string workflowFile = "deploy.yml", Pace? pace = null) => new()
    {
        WorkflowFile = workflowFile,
        Jobs = StandardJobs(),
        RunPace = pace ?? Pace.Immediate,
    };

    /// <summary>The standard jobs with the job <paramref name="failingJob"/> failing at its last step with <paramref name="log"/>.</summary>
    public static PipelineScript FailingIn(string failingJob, string log, string workflowFile = "deploy.yml", Pace? pace = null) => new()
    {
        WorkflowFile = workflowFile,
        Jobs = StandardJobs().Select(j => j.Name == failingJob ? j with { FailingStep = j.Steps[^1], Log = log } : j).ToList(),
        RunPace = pace ?? Pace.Immediate,
    };

    static List<JobScript> StandardJobs() =>
    [
        new("build", ["Set up job", "Run actions/checkout@v4", "Build image", "Push image"]),
        new("deploy", ["Set up job", "Run helm upgrade --install"]),
        new("health-check", ["Set up job", "Wait for readiness"]),
        new("startup", ["Set up job", "Verify startup"]),
    ];
}
