using DeployQueue.Domain.StateMachines;
using DeployQueue.Domain.Views;

namespace DeployQueue.Domain.Tests;

[TestFixture]
public class DoraFiguresTests
{
    static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    static DeployState Deploy(string target, string state, DateTimeOffset requested, TimeSpan took, params AttemptRecord[] past) => new()
    {
        Repository = "acme/shop",
        Target = target,
        CurrentState = state,
        Attempt = new DeployAttempt { Number = past.Length + 1, StartedAt = requested, FinishedAt = requested + took },
        PastAttempts = [.. past],
    };

    static DateTimeOffset DaysAgo(double days) => Now - TimeSpan.FromDays(days);

    /// <summary>The figures over one of the windows shown.</summary>
    static List<DoraFigures> Over(int days, IEnumerable<DeployState> deploys) =>
        DoraFigures.Of(deploys.SelectMany(FinishedAttempt.Of), Now).Where(f => f.Days == days).ToList();

    [Test]
    public void Counts_the_attempts_that_ended_in_the_window_per_target()
    {
        var deploys = new[]
        {
            Deploy("staging", "Succeeded", DaysAgo(1), TimeSpan.FromMinutes(10)),
            Deploy("staging", "Succeeded", DaysAgo(2), TimeSpan.FromMinutes(30)),
            Deploy("staging", "Succeeded", DaysAgo(20), TimeSpan.FromMinutes(50)),
            Deploy("staging", "Failed", DaysAgo(3), TimeSpan.FromMinutes(5)),
            Deploy("staging", "Deploying", DaysAgo(0.1), TimeSpan.Zero),
            Deploy("production", "Succeeded", DaysAgo(1), TimeSpan.FromHours(1)),
        };

        var week = Over(7, deploys);
        var month = Over(30, deploys);

        Assert.Multiple(() =>
        {
            Assert.That(week.Select(f => f.Target), Is.EqualTo(new[] { "production", "staging" }));
            var staging = week.Single(f => f.Target == "staging");
            Assert.That(staging.Deploys, Is.EqualTo(2));
            Assert.That(staging.LeadTime, Is.EqualTo(TimeSpan.FromMinutes(20)), "median of 10 and 30 minutes");
            Assert.That(staging.ChangeFailureRate, Is.EqualTo(1.0 / 3));
            Assert.That(staging.TimeToRestore, Is.EqualTo(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(25)),
                "from the failure 3 days ago (+5 min) to the next success 2 days ago (+30 min)");
            var stagingMonth = month.Single(f => f.Target == "staging");
            Assert.That(stagingMonth.Deploys, Is.EqualTo(3));
            Assert.That(stagingMonth.LeadTime, Is.EqualTo(TimeSpan.FromMinutes(30)));
            Assert.That(stagingMonth.ChangeFailureRate, Is.EqualTo(0.25));
        });
    }

    [Test]
    public void Past_attempts_count_and_a_failure_not_yet_restored_has_no_time_to_restore()
    {
        var retried = Deploy("staging", "Failed", DaysAgo(1), TimeSpan.FromMinutes(3),
            new AttemptRecord(1, "Succeeded", "succeeded", "abc1234", DaysAgo(2), DaysAgo(2) + TimeSpan.FromMinutes(8)));

        var figures = Over(7, [retried]).Single();

        Assert.Multiple(() =>
        {
            Assert.That(figures.Deploys, Is.EqualTo(1));
            Assert.That(figures.LeadTime, Is.EqualTo(TimeSpan.FromMinutes(8)));
            Assert.That(figures.ChangeFailureRate, Is.EqualTo(0.5));
            Assert.That(figures.TimeToRestore, Is.Null);
        });
    }

    [Test]
    public void A_target_with_nothing_in_the_window_has_no_figures_to_show()
    {
        var old = Deploy("staging", "Succeeded", DaysAgo(40), TimeSpan.FromMinutes(10));

        var figures = Over(30, [old]).Single();

        Assert.That((figures.Deploys, figures.LeadTime, figures.ChangeFailureRate, figures.TimeToRestore),
            Is.EqualTo((0, (TimeSpan?)null, (double?)null, (TimeSpan?)null)));
    }
}
