using DeployQueue.Contracts;

namespace DeployQueue.Domain.Ports;

/// <summary>GitHub Actions and GitHub Deployments, as the watch consumer needs them. Implemented over Octokit.</summary>
public interface IDeploymentGateway
{
    /// <summary>Creates a GitHub Deployment for the query's SHA and environment unless <paramref name="attempt"/> created one: for
    /// the rollout <paramref name="step"/> (carrying its weight), the one of that step and attempt; without, one created since the
    /// earlier attempt ended (any, for a first attempt). Idempotent within an attempt and step, not safe against itself run at once
    /// (<see cref="IDeployLocks"/>). An earlier attempt's deployment is deployed again only while no other SHA was
    /// deployed to the environment since, which that would roll back (the last known good SHA rolled back to excepted).</summary>
    Task EnsureDeployment(PipelineQuery query, int attempt, CanaryStep? step, CancellationToken cancellationToken);

    /// <summary>Creates a GitHub Deployment of <paramref name="sha"/>, an older SHA than the environment runs, to roll it back:
    /// once, a Deployment of that SHA created since <paramref name="decidedAt"/> is the one. With <paramref name="abortedSha"/>
    /// (a target with a rollout), the Deployment carries weight 0 for that release: all traffic on <paramref name="sha"/>.</summary>
    Task RollBack(string repository, string sha, string environment, DateTimeOffset decidedAt, string? abortedSha,
        CancellationToken cancellationToken);

    /// <summary>What the pipeline shows for the query's attempt. Runs and deployments from before the earlier attempt ended
    /// are not its evidence; for a Merge trigger, such a run (the PR was merged by the earlier attempt) is re-run once it
    /// is over, once, and the re-run watched. Unless a newer SHA went through the workflow or environment since: then the
    /// earlier attempt's run or deployment is reported as it was, with the <see cref="Supersession"/>.</summary>
    Task<PipelineObservation> Observe(PipelineQuery query, CancellationToken cancellationToken);
}
