using System.Text;
using DeployQueue.Contracts;
using DeployQueue.Domain.Intake;
using DeployQueue.Domain.Policies;

namespace DeployQueue.Domain.Tests;

/// <summary>What the intake takes from the bodies publishers really send, and what it makes of them.</summary>
[TestFixture]
public class DeployRequestReaderTests
{
    /// <summary>The seed's task structure exactly as ../shared/seeds shows it, its placeholders filled.</summary>
    const string SeedLiteral = """
        {
          "title": "DEPLOY: PR #42 - checkout-redesign",
          "description": "Merge PR and monitor deployment",
          "context": {
            "pr_number": 42,
            "pr_url": "https://github.com/acme/shop/pull/42",
            "branch": "feature/checkout-redesign",
            "target": "staging",
            "commit_build_task_id": 4711
          },
          "priority": 2
        }
        """;

    static DeployRequestReading Read(string json) => DeployRequestReader.Read(Encoding.UTF8.GetBytes(json));

    [Test]
    public void The_seed_task_as_it_stands_is_read_with_its_numeric_priority_mapped()
    {
        var reading = Read(SeedLiteral);

        Assert.That(reading.Problems, Is.Empty);
        Assert.That(reading.Request, Is.EqualTo(new DeployRequested
        {
            Title = "DEPLOY: PR #42 - checkout-redesign",
            Description = "Merge PR and monitor deployment",
            Repository = "acme/shop",
            PrNumber = 42,
            PrUrl = "https://github.com/acme/shop/pull/42",
            Branch = "feature/checkout-redesign",
            Target = "staging",
            CommitBuildTaskId = "4711",
            Priority = TaskPriority.High,
        }));
    }

    [TestCase("0", TaskPriority.Low)]
    [TestCase("1", TaskPriority.Normal)]
    [TestCase("2", TaskPriority.High)]
    [TestCase("3", TaskPriority.Critical)]
    [TestCase("\"2\"", TaskPriority.High)]
    [TestCase("\"critical\"", TaskPriority.Critical)]
    [TestCase("\" Low \"", TaskPriority.Low)]
    public void Priorities_are_names_or_the_numbers_of_the_table(string priority, TaskPriority expected) =>
        Assert.That(Read(SeedLiteral.Replace("\"priority\": 2", $"\"priority\": {priority}")).Request.Priority, Is.EqualTo(expected));

    [Test]
    public void Mixed_case_keys_numbers_as_text_and_unknown_fields_are_taken()
    {
        var reading = Read("""
            { "Title": "Deploy", "PRIORITY": "3", "labels": ["x"], "extra": { "deep": [1, 2] },
              "Context": { "PR_Number": "42", "prUrl": "https://github.com/acme/shop/pull/42", "Branch": "f",
                           "TARGET": "staging", "CommitBuildTaskId": "b-1", "Merge-Strategy": "Rebase" } }
            """);

        Assert.That(reading.Problems, Is.Empty);
        Assert.Multiple(() =>
        {
            Assert.That(reading.Request.PrNumber, Is.EqualTo(42));
            Assert.That(reading.Request.Priority, Is.EqualTo(TaskPriority.Critical));
            Assert.That(reading.Request.MergeStrategy, Is.EqualTo(MergeStrategy.Rebase));
            Assert.That(reading.Request.CommitBuildTaskId, Is.EqualTo("b-1"));
            Assert.That(reading.Request.Repository, Is.EqualTo("acme/shop"));
        });
    }

    [Test]
    public void The_contracts_own_shape_is_taken_without_context()
    {
        var reading = Read("""
            { "taskId": "t-1", "title": "Deploy", "repository": "acme/shop", "prNumber": 7,
              "prUrl": "https://github.com/acme/shop/pull/7", "branch": "f", "target": "production", "priority": "Critical" }
            """);

        Assert.That(reading.Problems, Is.Empty);
        Assert.That(reading.Request, Is.EqualTo(new DeployRequested
        {
            TaskId = "t-1", Title = "Deploy", Repository = "acme/shop", PrNumber = 7, PrUrl = "https://github.com/acme/shop/pull/7",
            Branch = "f", Target = "production", Priority = TaskPriority.Critical,
        }));
    }

    [Test]
    public void A_description_may_have_line_breaks_a_title_may_not()
    {
        Assert.That(Read(SeedLiteral.Replace("Merge PR and monitor deployment", "Merge PR\\nand monitor\\tdeployment")).Problems, Is.Empty);
        Assert.That(Read(SeedLiteral.Replace("checkout-redesign\",", "checkout\\nredesign\",")).Reason,
            Does.Contain("title contains the control character U+000A"));
    }

    [Test]
    public void An_escaped_surrogate_without_its_pair_is_refused_not_thrown() =>
        Assert.That(Read(SeedLiteral.Replace("DEPLOY:", "DEPLOY \\udc00:")).Reason, Is.EqualTo("title contains an unpaired UTF-16 surrogate"));

    [Test]
    public void Every_problem_is_named_at_once() =>
        Assert.That(Read("""{ "title": 1, "priority": "urgent", "context": { "pr_number": 0, "target": "staging", "merge_strategy": "4" } }""").Problems,
            Is.EqualTo(new[]
            {
                "title must be text (got a JSON number)",
                "priority \"urgent\" is not one of Low, Normal, High, Critical or 0–3 (0 Low, 1 Normal, 2 High, 3 Critical)",
                "pr_number must be a positive number (got 0)",
                "merge_strategy \"4\" is not one of merge, squash, rebase",
                "branch is missing",
                "pr_url is missing",
            }));

    [Test]
    public void A_request_without_a_task_id_or_message_id_is_the_same_request_when_it_comes_again()
    {
        var body = Encoding.UTF8.GetBytes(SeedLiteral);
        var request = DeployRequestReader.Read(body).Request;
        var anotherBuild = request with { CommitBuildTaskId = "4712" };

        Assert.Multiple(() =>
        {
            Assert.That(DeployIdentity.RequestId(DeployRequestReader.Read(body).Request, null, body), Is.EqualTo(DeployIdentity.RequestId(request, null, body)),
                "a redelivery, read again");
            Assert.That(DeployIdentity.RequestId(request, Guid.NewGuid(), body), Is.EqualTo(DeployIdentity.RequestId(request, null, body)),
                "the commit-build task decides, not a message id");
            Assert.That(DeployIdentity.RequestId(anotherBuild, null, body), Is.Not.EqualTo(DeployIdentity.RequestId(request, null, body)), "another build");
            Assert.That(DeployIdentity.RequestId(request with { TaskId = "t-2" }, null, body),
                Is.Not.EqualTo(DeployIdentity.RequestId(request with { TaskId = "t-1" }, null, body)), "another task");
        });
    }
}
