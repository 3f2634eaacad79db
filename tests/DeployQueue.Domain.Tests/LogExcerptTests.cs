using DeployQueue.Contracts;
using DeployQueue.Domain.Policies;

namespace DeployQueue.Domain.Tests;

/// <summary>What a fix task's excerpt shows of a failed job's log: the cause with enough around it to act on, bounded, no secrets.</summary>
[TestFixture]
public class LogExcerptTests
{
    static Classification Classify(string log) => FailureClassifier.Classify("deploy", null, log, DeployStage.Deploy);

    [Test]
    public void The_excerpt_shows_the_command_that_failed_the_cause_and_its_stack_head()
    {
        var log = string.Join('\n', Enumerable.Range(0, 200).Select(i => $"Collecting package {i}").Concat([
            "+ npx prisma migrate deploy",
            "Error: P3009",
            "migrate found failed migrations in the target database, new migrations will not be applied.",
            "The `20240528214728_add_cursor_index_03` migration started at 2025-10-10 13:48:23 UTC failed",
        ]).Concat(Enumerable.Range(0, 200).Select(i => $"cleanup step {i}")));

        var classification = Classify(log);

        Assert.Multiple(() =>
        {
            Assert.That(classification.Kind, Is.EqualTo(FixTaskKind.DatabaseMigration));
            Assert.That(classification.CausalLine, Is.EqualTo("Error: P3009"));
            Assert.That(classification.Excerpt, Does.Contain("+ npx prisma migrate deploy").And.Contain("Error: P3009")
                .And.Contain("add_cursor_index_03").And.Not.Contain("Collecting package 3\n"));
            Assert.That(classification.Confidence, Is.EqualTo(ClassificationConfidence.High));
        });
    }

    [Test]
    public void The_excerpt_of_a_log_full_of_errors_is_bounded()
    {
        var log = string.Join('\n', Enumerable.Range(0, 2000).Select(i => $"npm ERR! code ERESOLVE {new string('x', 1000)} {i}"));

        var excerpt = Classify(log).Excerpt;

        Assert.That(excerpt.Split('\n'), Has.Length.LessThanOrEqualTo(LogExcerpt.MaxLines));
        Assert.That(excerpt, Has.Length.LessThanOrEqualTo(LogExcerpt.MaxChars));
    }

    [Test]
    public void A_private_key_printed_in_the_log_is_masked_line_by_line_in_the_excerpt_and_the_causal_line()
    {
        var log = string.Join('\n',
            "Writing deploy key:",
            "-----BEGIN RSA PRIVATE KEY-----",
            "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun",
            "VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK",
            "-----END RSA PRIVATE KEY-----",
            "Error: ImagePullBackOff: Back-off pulling image \"ghcr.io/acme/orders:1.2\"");

        var classification = Classify(log);

        Assert.Multiple(() =>
        {
            Assert.That(classification.Excerpt, Does.Not.Contain("MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun"));
            Assert.That(classification.Excerpt, Does.Not.Contain("VTLw7onLRnrq0"));
            Assert.That(classification.Excerpt, Does.Contain("ImagePullBackOff"));
        });
    }

    [Test]
    public void Json_credentials_in_the_log_are_masked_in_the_excerpt()
    {
        var log = string.Join('\n',
            "Using service account:",
            "{",
            "  \"type\": \"service_account\",",
            "  \"private_key_id\": \"4f2a9c0d1e7b3a5c\",",
            "  \"private_key\": \"-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n-----END PRIVATE KEY-----\\n\",",
            "  \"client_secret\": \"zQ8-very-secret\"",
            "}",
            "ERROR: (gcloud.run.deploy) Revision 'orders-00012-abc' is not ready and cannot serve traffic.");

        var classification = Classify(log);

        Assert.Multiple(() =>
        {
            Assert.That(classification.Excerpt, Does.Not.Contain("4f2a9c0d1e7b3a5c").And.Not.Contain("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC")
                .And.Not.Contain("zQ8-very-secret"));
            Assert.That(classification.Excerpt, Does.Contain("is not ready and cannot serve traffic"));
            Assert.That(classification.Service, Is.EqualTo("orders"));
        });
    }

    [Test]
    public void A_log_with_no_known_sign_is_low_confidence_and_its_cause_is_its_first_error()
    {
        var classification = Classify("step 1\nERROR: the thing broke\nstep 3\nError: Process completed with exit code 1.");

        Assert.Multiple(() =>
        {
            Assert.That(classification.Confidence, Is.EqualTo(ClassificationConfidence.Low));
            Assert.That(classification.CausalLine, Is.EqualTo("ERROR: the thing broke"));
        });
    }
}
