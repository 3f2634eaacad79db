using System.Collections.ObjectModel;

namespace DeployQueue.GitHub.Pipeline;

/// <summary>The body of POST /repos/{owner}/{repo}/deployments, in Octokit's naming (snake_case on the wire).</summary>
sealed class DeploymentRequest(string sha, string environment, string description, RolloutPayload? payload)
{
    public string Ref { get; } = sha;
    public string Environment { get; } = environment;
    public string Task { get; } = "deploy";
    public bool AutoMerge { get; } = false;
    /// <summary>The gate already checked the PR's checks; the commit's own statuses must not block the deployment.</summary>
    public Collection<string> RequiredContexts { get; } = [];
    public string Description { get; } = description;
    public RolloutPayload? Payload { get; } = payload;
}
