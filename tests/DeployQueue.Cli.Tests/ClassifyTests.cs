using System.Text.Json;

namespace DeployQueue.Cli.Tests;

[TestFixture]
public class ClassifyTests
{
    /// <summary>Runs `deployq classify` on a log file holding <paramref name="log"/> and reads the JSON it prints.</summary>
    static async Task<JsonElement> Classify(string log, params string[] options)
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, log);
        try
        {
            var run = await Deployq.Execute(TimeSpan.FromMinutes(1), ["classify", "--log", file, .. options]);
            Assert.That(run.ExitCode, Is.EqualTo(0), run.Output);
            using var json = JsonDocument.Parse(run.Output);
            return json.RootElement.Clone();
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public async Task Classify_prints_the_kind_service_title_and_excerpt_of_a_log_as_json()
    {
        var root = await Classify("""
            Release "checkout" failed: context deadline exceeded
            Warning  BackOff  pod/checkout-7c9f8d6b5d-x2x7q  Back-off restarting failed container
            checkout-7c9f8d6b5d-x2x7q  0/1  OOMKilled  3 (12s ago)
            """, "--job", "deploy", "--environment", "production");

        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("kind").GetString(), Is.EqualTo("ServiceCrash"));
            Assert.That(root.GetProperty("service").GetString(), Is.EqualTo("checkout"));
            Assert.That(root.GetProperty("title").GetString(), Is.EqualTo("FIX: Service crash in checkout"));
            Assert.That(root.GetProperty("excerpt").GetString(), Does.Contain("OOMKilled"));
            Assert.That(root.GetProperty("causalLine").GetString(), Is.EqualTo("checkout-7c9f8d6b5d-x2x7q  0/1  OOMKilled  3 (12s ago)"));
            Assert.That(root.GetProperty("confidence").GetString(), Is.EqualTo("High"));
        });
    }

    [Test]
    public async Task Classify_names_the_configured_service_when_the_log_names_none_and_says_when_it_guesses()
    {
        var root = await Classify("step 1\nstep 2\nsomething went wrong\n", "--service", "storefront");

        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("service").GetString(), Is.EqualTo("storefront"));
            Assert.That(root.GetProperty("title").GetString(), Is.EqualTo("FIX: Deployment error in storefront"));
            Assert.That(root.GetProperty("confidence").GetString(), Is.EqualTo("Low"));
            Assert.That(root.GetProperty("causalLine").GetString(), Is.EqualTo("something went wrong"));
        });
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
