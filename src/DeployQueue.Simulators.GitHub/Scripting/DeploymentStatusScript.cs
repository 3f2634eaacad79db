namespace DeployQueue.Simulators.GitHub.Scripting;

/// <summary>One deployment status GitHub will report, in order (queued, in_progress, success, failure, error, inactive).</summary>
public sealed record DeploymentStatusScript(string State, string? Description = null, string? LogUrl = null, string? EnvironmentUrl = null);
