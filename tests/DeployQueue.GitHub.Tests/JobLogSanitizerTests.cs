using DeployQueue.GitHub.Pipeline;

namespace DeployQueue.GitHub.Tests;

[TestFixture]
public class JobLogSanitizerTests
{
    [TestCase("Using token ghp_abcdefghijklmnopqrstuvwxyz0123456789", "ghp_abcdefghij")]
    [TestCase("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N", "eyJhbGciOiJIUzI1NiJ9")]
    [TestCase("DB_PASSWORD=s3cr3t-value ./migrate", "s3cr3t-value")]
    [TestCase("connecting to postgres://deploy:hunter2@db.internal:5432/shop", "hunter2")]
    [TestCase("aws_access_key_id AKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE")]
    [TestCase("\"client_secret\": \"abc123def456\"", "abc123def456")]
    public void Secrets_are_masked(string line, string secret)
    {
        var clean = JobLogSanitizer.Sanitize(line);

        Assert.That(clean, Does.Not.Contain(secret));
        Assert.That(clean, Does.Contain("***"));
    }

    [Test]
    public void Every_line_of_a_private_key_block_is_masked()
    {
        var log = string.Join('\n',
            "2024-06-11T10:22:13.1234567Z writing key: -----BEGIN OPENSSH PRIVATE KEY-----",
            "2024-06-11T10:22:13.1234567Z b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW",
            "2024-06-11T10:22:13.1234567Z QyNTUxOQAAACBmYWtlZmFrZWZha2VmYWtlZmFrZWZha2VmYWtlZmFrZWZha2UAAAA=",
            "2024-06-11T10:22:13.1234567Z -----END OPENSSH PRIVATE KEY-----",
            "2024-06-11T10:22:14.0000000Z Error: deploy failed");

        Assert.That(JobLogSanitizer.Sanitize(log).Split('\n'), Is.EqualTo(new[] { "writing key: ***", "***", "***", "***", "Error: deploy failed" }));
    }

    [Test]
    public void The_known_token_is_masked_wherever_it_appears()
    {
        Assert.That(JobLogSanitizer.Sanitize("echo plainTokenValue42", "plainTokenValue42"), Is.EqualTo("echo ***"));
    }

    [Test]
    public void Runner_timestamps_and_colours_are_removed()
    {
        var clean = JobLogSanitizer.Sanitize("2024-06-11T10:22:13.1234567Z \u001b[31mError: boom\u001b[0m");

        Assert.That(clean, Is.EqualTo("Error: boom"));
    }

    [Test]
    public void A_long_log_keeps_its_tail_and_the_error_lines_before_it()
    {
        var lines = Enumerable.Range(0, 1000).Select(i => i == 10 ? "fatal: could not read Username" : $"line {i}");

        var clean = JobLogSanitizer.Sanitize(string.Join('\n', lines)).Split('\n');

        Assert.That(clean, Has.Length.LessThanOrEqualTo(JobLogSanitizer.MaxLines + 1));
        Assert.That(clean[0], Is.EqualTo("fatal: could not read Username"));
        Assert.That(clean[^1], Is.EqualTo("line 999"));
    }
}
