using DeployQueue.IntegrationTests.Infrastructure;
using DeployQueue.Simulators.GitHub.Scripting;

namespace DeployQueue.IntegrationTests.Faults;

/// <summary>
/// Issue 17, scenario 6: a burst of deploy requests lands while the service is upgraded: each of the two instances in
/// turn is stopped with SIGTERM (it drains what it is doing and exits 0) and started again. Every deploy still ends as it
/// should, each PR merged once, each downstream message sent once, nothing in an error queue.
/// </summary>
[TestFixture]
public class RollingUpgradeTests
{
    const int Lanes = 20;
    const int PerLane = 50;
    static readonly TimeSpan Bound = TimeSpan.FromMinutes(8);

    [Test]
    public async Task A_burst_of_deploys_survives_a_rolling_restart_of_both_instances()
    {
        await using var system = await EndToEndSystem.Create(repositories: Lanes, targets: DeployStream.Targets(Lanes));
        var stream = new DeployStream(system, PerLane, Pace.AfterPolls(1));
        var exitCodes = new List<int?>();

        var outcome = await stream.RunOnTwoInstances(async services =>
        {
            for (var instance = 0; instance < 2; instance++)
            {
                // Each instance in turn, once a further tenth of the deploys ended: the other meanwhile carries on alone.
                await stream.WaitUntilFinished(stream.Deploys.Count * (instance + 1) / 10, Bound);
                exitCodes.Add(await services.DrainAndRestart(instance));
            }
        }, Bound);

        Assert.That(exitCodes, Is.EqualTo(new int?[] { 0, 0 }), "each instance drained and exited 0 on SIGTERM");
        outcome.AssertNothingLostOrDuplicated("6. Rolling restart under a burst",
            $"{stream.Deploys.Count} requests at once; both instances drained (SIGTERM) and restarted in turn");
    }
}
