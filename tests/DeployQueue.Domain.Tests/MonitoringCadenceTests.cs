using DeployQueue.Domain.Policies;

namespace DeployQueue.Domain.Tests;

/// <summary>A watch samples on a grid from its start: lateness in handling an interval never carries into the next.</summary>
[TestFixture]
public class MonitoringCadenceTests
{
    static readonly DateTimeOffset Started = new(2026, 11, 30, 6, 0, 0, TimeSpan.Zero);
    static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    [TestCase(0, 1000, TestName = "The first sample is one interval after the start")]
    [TestCase(3000, 4000, TestName = "An interval handled on time schedules the next grid point")]
    [TestCase(3300, 4000, TestName = "An interval handled 300 ms late still schedules the next grid point, not an interval from now")]
    [TestCase(2990, 4000, TestName = "An interval handled just before its grid point (the clocks differ) is not sampled twice")]
    [TestCase(3600, 4000, TestName = "An interval handled 600 ms late still samples at the next grid point, 400 ms away")]
    [TestCase(3800, 5000, TestName = "An interval handled more than three quarters late skips the grid point less than a quarter away")]
    public void Next_sample(int handledAtMs, int nextAtMs) =>
        Assert.That(MonitoringCadence.NextSampleAt(Started, Interval, Started.AddMilliseconds(handledAtMs)), Is.EqualTo(Started.AddMilliseconds(nextAtMs)));
}
