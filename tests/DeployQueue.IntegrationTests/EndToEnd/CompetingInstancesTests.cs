using DeployQueue.Contracts;
using DeployQueue.IntegrationTests.Infrastructure;
using DeployQueue.Simulators.GitHub.Scripting;
using MassTransit;

namespace DeployQueue.IntegrationTests.EndToEnd;

/// <summary>
/// Two instances of the service on the same broker and database share the work: every PR is merged exactly
/// once, every deploy succeeds, and per repository one deploy at a time changes its target (the lane).
/// </summary>
[TestFixture]
public class CompetingInstancesTests
{
    const int PullRequestsPerRepository = 5;
    static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    // A target has one base URL for every repository, so each repository deploys to a target of its own:
    // two repositories landing on one target simulator would fail each other's version check.
    static readonly string[] Targets = ["staging", "qa"];

    EndToEndSystem _system = null!;
    readonly ConsumedMessages _consumedByFirst = new();
    readonly ConsumedMessages _consumedBySecond = new();

    [OneTimeSetUp]
    public async Task StartSystem()
    {
        _system = await EndToEndSystem.Create(repositories: 2, targets: Targets);
        await _system.StartService(bus => bus.AddConsumeObserver(_ => _consumedByFirst));
        await _system.StartService(bus => bus.AddConsumeObserver(_ => _consumedBySecond));
    }

    [OneTimeTearDown]
    public async Task StopSystem() => await _system.DisposeAsync();

    [Test]
    public async Task Ten_deploys_on_two_repositories_each_merge_once_succeed_and_keep_to_their_lane()
    {
        var deploys = _system.Repositories
            .SelectMany((repository, r) => Enumerable.Range(1, PullRequestsPerRepository)
                .Select(n => (Repository: repository, Target: Targets[r], PrNumber: 400 + 10 * r + n)))
            .ToList();
        foreach (var (repository, target) in _system.Repositories.Zip(Targets))
            // A pipeline seen running a few times keeps each deploy in its lane long enough for an overlap to show.
            _system.GitHub.Repository(repository).OnMerge(_system.PipelineLandingOn(target, Pace.AfterPolls(3)));
        var pulls = deploys.ToDictionary(d => d.PrNumber, d => _system.ReadyPullRequest(d.Repository, d.PrNumber));

        foreach (var (repository, target, prNumber) in deploys)
            await _system.SendToDeployQueue(SeedTask.Json(repository, prNumber, target));

        var finished = await Eventually.Poll(
            async () => (await _system.History.Deploys(limit: deploys.Count)).Where(d => d.CurrentState is "Succeeded" or "Failed").ToList(),
            found => found.Count == deploys.Count, Bound);

        Assert.That(finished, Has.Count.EqualTo(deploys.Count), "deploys that reached a final state");
        Assert.Multiple(() =>
        {
            foreach (var deploy in finished)
                Assert.That(deploy.CurrentState, Is.EqualTo("Succeeded"), $"{deploy.Repository}#{deploy.PrNumber}: {deploy.Attempt.Outcome}");
            foreach (var (prNumber, pull) in pulls)
                Assert.That(pull.Merges, Is.EqualTo(1), $"merges of PR #{prNumber}");
            Assert.That(_consumedByFirst.Of<DeployRequested>() + _consumedBySecond.Of<DeployRequested>(), Is.EqualTo(deploys.Count));
            Assert.That(_consumedByFirst.Of<MergePullRequest>(), Is.Positive, "merges run by the first instance");
            Assert.That(_consumedBySecond.Of<MergePullRequest>(), Is.Positive, "merges run by the second instance");
        });

        foreach (var (repository, target) in _system.Repositories.Zip(Targets))
        {
            var lane = new List<(int PrNumber, DateTimeOffset MergedAt, DateTimeOffset SucceededAt)>();
            foreach (var (_, _, prNumber) in deploys.Where(d => d.Repository == repository))
            {
                var history = await _system.History.ForPullRequest(repository, prNumber, target);
                lane.Add((prNumber, pulls[prNumber].MergedAt!.Value, history.Single(t => t.ToState == "Succeeded").OccurredAt));
            }

            var inMergeOrder = lane.OrderBy(d => d.MergedAt).ToList();
            Assert.Multiple(() =>
            {
                for (var i = 1; i < inMergeOrder.Count; i++)
                    Assert.That(inMergeOrder[i].MergedAt, Is.GreaterThan(inMergeOrder[i - 1].SucceededAt),
                        $"{repository}: PR #{inMergeOrder[i].PrNumber} merged before PR #{inMergeOrder[i - 1].PrNumber}, merged earlier, succeeded");
            });
        }
    }
}
