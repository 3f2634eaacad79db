using DeployQueue.Domain.Configuration;
using Microsoft.Extensions.Options;

namespace DeployQueue.Domain.Tests;

/// <summary>A deploy waiting for its lane asks again less often the longer it waits: thousands waiting must stay cheap.</summary>
[TestFixture]
public class LaneRecheckIntervalTests
{
    static readonly TargetCatalog Targets = new(Options.Create(new DeployQueueOptions { LaneRecheck = TimeSpan.FromMinutes(5) }), TimeProvider.System);

    [TestCase(0, 5)]
    [TestCase(4, 5)]
    [TestCase(12, 12)]
    [TestCase(45, 45)]
    [TestCase(600, 60)]
    public void The_next_ask_waits_as_long_as_the_deploy_has_waited_between_the_first_interval_and_an_hour(int waitedMinutes, int expectedMinutes)
    {
        var after = Targets.LaneRecheckAfter(DateTimeOffset.UtcNow.AddMinutes(-waitedMinutes));

        Assert.That(after, Is.EqualTo(TimeSpan.FromMinutes(expectedMinutes)).Within(TimeSpan.FromSeconds(5)));
    }
}
