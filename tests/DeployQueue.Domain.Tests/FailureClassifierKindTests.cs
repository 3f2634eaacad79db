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
    [TestCase("2023-03-15T10:25:36.340Z ERROR - Container shop_0_66aec21c for site shop has exited, failing site start\n" +
              "2023-03-15T10:25:36.361Z ERROR - Container shop_0_66aec21c didn't respond to HTTP pings on port: 8000, failing site start.",
        FixTaskKind.ServiceCrash)]
    [TestCase("web-1  | psycopg2.errors.DuplicateTable: relation \"orders\" already exists\nweb-1  | Traceback (most recent call last):",
        FixTaskKind.DatabaseMigration)]
    [TestCase("Error: DATABASE_URL is not set in the .env file", FixTaskKind.ConfigurationError)]
    [TestCase("pydantic_core._pydantic_core.ValidationError: 2 validation errors for WorkerSettings\nbroker_url\n  Field required [type=missing]",
        FixTaskKind.ConfigurationError)]
    [TestCase("  Failed to download package 'Acme.Core.1.2.0' from 'https://pkgs.example/nuget/v3/flat2/acme.core/1.2.0/acme.core.1.2.0.nupkg'.\n" +
              "  Response status code does not indicate success: 401 (Unauthorized).\n" +
              "  Response status code does not indicate success: 401 (Unauthorized).", FixTaskKind.DependencyIssue)]
    [TestCase("Execution failed for task ':app:compileDebugKotlin'.\n      > Could not find org.acme:widgets:1.7.10.", FixTaskKind.DependencyIssue)]
    [TestCase("# systemctl start billing\n   Active: inactive (dead) since Wed 2019-09-11 07:17:47 UTC; 11ms ago", FixTaskKind.ServiceCrash)]
    public void A_platforms_own_words_decide_the_kind(string log, FixTaskKind expected) =>
        Assert.That(FailureClassifier.Classify("deploy", null, log, DeployStage.Startup).Kind, Is.EqualTo(expected));
}
