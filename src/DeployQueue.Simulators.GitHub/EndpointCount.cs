namespace DeployQueue.Simulators.GitHub;

/// <summary>Requests per endpoint ("GET /repos/{owner}/{repo}/pulls/{number}"): answered and spending rate limit,
/// answered 304 Not Modified (free), or answered with an injected fault.</summary>
public sealed record EndpointCount(int Spent, int NotModified, int Faulted);
