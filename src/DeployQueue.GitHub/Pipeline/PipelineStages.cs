using DeployQueue.Contracts;

namespace DeployQueue.GitHub.Pipeline;

/// <summary>Which stage of DESIGN.md §1 (build, deploy, health check, startup) a job or step belongs to, by its name:
/// the step's name when it tells, else the job's, else deploy.</summary>
public static class PipelineStages
{
    static readonly (DeployStage Stage, string[] Words)[] Vocabulary =
    [
        (DeployStage.HealthCheck, ["health", "smoke", "probe", "readiness", "liveness", "verify", "check endpoint"]),
        (DeployStage.Startup, ["startup", "start-up", "start up", "boot", "warm", "wait for service", "post-deploy"]),
        (DeployStage.Build, ["build", "compile", "test", "lint", "restore", "install dependencies", "package", "image", "docker"]),
        (DeployStage.Deploy, ["deploy", "rollout", "release", "helm", "kubectl", "apply", "migrat", "publish", "provision", "terraform", "upgrade"]),
    ];

    public static DeployStage For(string jobName, string? stepName) => Match(stepName) ?? Match(jobName) ?? DeployStage.Deploy;

    static DeployStage? Match(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return null;
        foreach (var (stage, words) in Vocabulary)
            if (words.Any(w => name.Contains(w, StringComparison.OrdinalIgnoreCase))) return stage;
        return null;
    }
}
