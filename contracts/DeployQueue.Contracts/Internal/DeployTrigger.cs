namespace DeployQueue.Contracts;

/// <summary>How a target's pipeline starts: by the merge itself, or by a GitHub Deployment the queue creates.</summary>
public enum DeployTrigger { Merge, Deployment }
