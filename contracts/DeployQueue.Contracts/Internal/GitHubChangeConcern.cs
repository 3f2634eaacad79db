namespace DeployQueue.Contracts;

/// <summary>What a change on GitHub may decide: a deploy's gate (reviews, checks, the PR itself) or its deployment (runs, deployment statuses).</summary>
public enum GitHubChangeConcern { Gate, Deployment }
