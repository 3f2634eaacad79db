namespace DeployQueue.Cli.Tests;

[TestFixture]
public class DemoTests
{
    [Test]
    public async Task The_demo_runs_every_sample_pr_to_its_expected_end_and_prints_the_summary()
    {
        var run = await Deployq.Execute(TimeSpan.FromMinutes(3), "demo");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.Output);
            Assert.That(run.Output, Does.Contain("summary"));
            Assert.That(run.Output, Does.Contain("Every sample deploy ended as expected."));
            foreach (var title in new[] { "FIX: Merge conflict in PR #102", "FIX: Database migration issue", "FIX: Health check failure in staging" })
                Assert.That(run.Output, Does.Contain(title));
            Assert.That(run.Output, Does.Contain("ApprovalNeeded").And.Contain("InvestigationNeeded"));
        });
    }
}
