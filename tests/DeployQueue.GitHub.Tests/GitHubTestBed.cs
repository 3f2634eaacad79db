using DeployQueue.Domain.Configuration;
using DeployQueue.GitHub.Http;
using DeployQueue.Simulators.GitHub;
using Microsoft.Extensions.Logging.Abstractions;
using Octokit;

namespace DeployQueue.GitHub.Tests;

/// <summary>One simulator for the fixture, and per test a fresh repository and a real Octokit client (with its own
/// ETag cache) reaching the simulator over HTTP on loopback.</summary>
public abstract class GitHubTestBed
{
    protected const string Token = "ghp_SimulatorToken0123456789abcdefXYZ";

    protected GitHubSimulator Simulator = null!;
    protected IGitHubClient Client = null!;
    protected string RepositoryName = "";
    protected SimulatedRepository Repo = null!;

    [OneTimeSetUp]
    public async Task StartSimulator() => Simulator = await GitHubSimulator.StartAsync();

    [OneTimeTearDown]
    public async Task StopSimulator() => await Simulator.DisposeAsync();

    [SetUp]
    public void FreshRepository()
    {
        RepositoryName = $"acme/shop-{Guid.NewGuid():N}";
        Repo = Simulator.Repository(RepositoryName);
        Client = NewClient();
    }

    protected IGitHubClient NewClient(GitHubRetryOptions? retry = null) => GitHubClientFactory.Create(
        new GitHubOptions { BaseUrl = Simulator.BaseUrl.ToString(), Token = Token },
        new InMemoryResponseCache(),
        new RateLimitMonitor(NullLogger.Instance),
        new GitHubCallMetrics(),
        NullLogger.Instance,
        retry ?? new GitHubRetryOptions { BaseDelay = TimeSpan.FromMilliseconds(20), MaxTotalWait = TimeSpan.FromSeconds(3) });

    protected OctokitPullRequestGateway PullRequests(GitHubGateSettings? settings = null) =>
        new(Client, settings ?? new GitHubGateSettings { MergeabilityRecheckDelay = TimeSpan.FromMilliseconds(10) });

    protected OctokitDeploymentGateway Deployments() => new(Client);

    /// <summary>A PR approved on its head with a green check run and a green status.</summary>
    protected SimulatedPullRequest ReadyPullRequest(int number = 7) =>
        Repo.PullRequest(number).Approve("alice").Check("build", "completed", "success").Status("ci/lint", "success");
}
