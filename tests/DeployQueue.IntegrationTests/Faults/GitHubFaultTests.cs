using DeployQueue.IntegrationTests.Infrastructure;
using DeployQueue.Simulators.GitHub.Scripting;

namespace DeployQueue.IntegrationTests.Faults;

/// <summary>
/// Issue 17, scenario 3: GitHub has a bad hour. A fifth of all its answers, for the whole run, are a fault drawn evenly
/// from 502, 503, no answer (the attempt times out), 429 and 403 secondary rate limits with Retry-After, and a reset
/// connection. Two instances work a stream of deploys through it: every deploy still ends as it should, each PR merged
/// once, each downstream message sent once, nothing left in an error queue.
/// </summary>
[TestFixture]
public class GitHubFaultTests
{
    const int Lanes = 10;
    const int PerLane = 10;
    const double FaultRate = 0.2;
    static readonly TimeSpan Bound = TimeSpan.FromMinutes(4);

    [Test]
    public async Task Deploys_survive_a_fifth_of_GitHub_calls_failing()
    {
        // An attempt GitHub does not answer is given up after 2 s (10 s by default), so that the run stays short.
        await using var system = await EndToEndSystem.Create(repositories: Lanes, targets: DeployStream.Targets(Lanes),
            settings: new Dictionary<string, string?> { ["DeployQueue:GitHub:Retry:AttemptTimeout"] = "00:00:02" });
        var stream = new DeployStream(system, PerLane, Pace.AfterPolls(2));
        var faults = system.GitHub.Faults;
        faults.Seed = 17;
        faults.Rate = FaultRate;

        var outcome = await stream.RunOnTwoInstances(_ => Task.CompletedTask, Bound);
        faults.Rate = 0;

        var calls = system.GitHub.Requests;
        TestContext.Out.WriteLine($"GitHub: {calls.Spent} answered, {calls.NotModified} not modified, {calls.Faulted} faults " +
                                  $"({string.Join(", ", faults.Injected.Select(f => $"{f.Key} {f.Value}"))})");
        Assert.That(faults.Injected.Values, Has.All.GreaterThan(0), "faults of every kind injected");
        outcome.AssertNothingLostOrDuplicated("3. GitHub faults on 20 % of calls",
            $"{calls.Faulted} faulted GitHub calls of {calls.Faulted + calls.Spent + calls.NotModified}");
    }
}
