using System.Text.Json;

namespace DeployQueue.Cli.Tests;

[TestFixture]
public class ClassifyTests
{
    [Test]
    public async Task Classify_prints_the_kind_service_title_and_excerpt_of_a_log_as_json()
    {
        var log = Path.GetTempFileName();
        await File.WriteAllTextAsync(log, """
            Release "checkout" failed: context deadline exceeded
            Warning  BackOff  pod/checkout-7c9f8d6b5d-x2x7q  Back-off restarting failed container
            checkout-7c9f8d6b5d-x2x7q  0/1  OOMKilled  3 (12s ago)
            """);
        try
        {
            var run = await Deployq.Execute(TimeSpan.FromMinutes(1), "classify", "--log", log, "--job", "deploy", "--environment", "production");

            using var json = JsonDocument.Parse(run.Output);
            var root = json.RootElement;
            Assert.Multiple(() =>
            {
                Assert.That(run.ExitCode, Is.EqualTo(0));
                Assert.That(root.GetProperty("kind").GetString(), Is.EqualTo("ServiceCrash"));
                Assert.That(root.GetProperty("service").GetString(), Is.EqualTo("checkout"));
                Assert.That(root.GetProperty("title").GetString(), Is.EqualTo("FIX: Service crash in checkout"));
                Assert.That(root.GetProperty("excerpt").GetString(), Does.Contain("OOMKilled"));
                Assert.That(root.GetProperty("causalLine").GetString(), Is.EqualTo("checkout-7c9f8d6b5d-x2x7q  0/1  OOMKilled  3 (12s ago)"));
                Assert.That(root.GetProperty("confidence").GetString(), Is.EqualTo("High"));
            });
        }
        finally
        {
            File.Delete(log);
        }
    }

    [Test]
    public async Task Classify_names_the_configured_service_when_the_log_names_none_and_says_when_it_guesses()
    {
        var log = Path.GetTempFileName();
        await File.WriteAllTextAsync(log, "step 1\nstep 2\nsomething went wrong\n");
        try
        {
            var run = await Deployq.Execute(TimeSpan.FromMinutes(1), "classify", "--log", log, "--service", "storefront");

            using var json = JsonDocument.Parse(run.Output);
            var root = json.RootElement;
            Assert.Multiple(() =>
            {
                Assert.That(root.GetProperty("service").GetString(), Is.EqualTo("storefront"));
                Assert.That(root.GetProperty("title").GetString(), Is.EqualTo("FIX: Deployment error in storefront"));
                Assert.That(root.GetProperty("confidence").GetString(), Is.EqualTo("Low"));
                Assert.That(root.GetProperty("causalLine").GetString(), Is.EqualTo("something went wrong"));
            });
        }
        finally
        {
            File.Delete(log);
        }
    }

    [Test]
    public async Task Classify_without_a_log_explains_what_is_missing()
    {
        var run = await Deployq.Execute(TimeSpan.FromMinutes(1), "classify");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Not.EqualTo(0));
            Assert.That(run.Output, Does.Contain("--log FILE is required"));
        });
    }
}
