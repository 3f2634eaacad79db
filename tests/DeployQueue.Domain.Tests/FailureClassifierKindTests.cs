using DeployQueue.Contracts;
using DeployQueue.Domain.Policies;

namespace DeployQueue.Domain.Tests;

/// <summary>Platform-specific signs of a kind, on lines as the platforms print them, under a neutral job name.</summary>
[TestFixture]
public class FailureClassifierKindTests
{
    [TestCase("heroku[router]: at=error code=H10 desc=\"App crashed\" method=GET path=\"/\" host=shop.herokuapp.com status=503",
        FixTaskKind.ServiceCrash)]
    [TestCase("Starting application \"tickets\"...\n0 of 2 instances running (2 crashed)\nError starting application \"tickets\": Some instances have crashed",
        FixTaskKind.ServiceCrash)]
    [TestCase("[APP/PROC/WEB/0] OUT environment variable with name \"PAYMENTS_URL\" not found\n[APP/PROC/WEB/0] OUT Exit status 1",
        FixTaskKind.ConfigurationError)]
    [TestCase("APPLICATION FAILED TO START\n\nDescription:\n\nFailed to bind properties under 'server.port' to java.lang.Integer:",
        FixTaskKind.ConfigurationError)]
    [TestCase("Error R10 (Boot timeout) -> Web process failed to bind to $PORT within 60 seconds of launch\n" +
              "heroku[router]: at=error code=H10 desc=\"App crashed\" method=GET path=\"/\"", FixTaskKind.HealthCheckFailure)]
    public void A_platforms_own_words_decide_the_kind(string log, FixTaskKind expected) =>
        Assert.That(FailureClassifier.Classify("deploy", null, log, DeployStage.Startup).Kind, Is.EqualTo(expected));
}
