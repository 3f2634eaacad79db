using DeployQueue.Contracts;
using DeployQueue.Domain.Policies;

namespace DeployQueue.GitHub.Tests;

/// <summary>The classifier on a corpus of realistic CI and deploy logs (ClassifierLogs/cases.tsv says, per log,
/// the job, step and stage it failed in, and the kind and component expected).</summary>
[TestFixture]
public class FailureClassifierCorpusTests
{
    public sealed record LogCase(string File, string Job, string? Step, DeployStage Stage, FixTaskKind Kind, string? Component)
    {
        public override string ToString() => File;
    }

    static readonly string Folder = Path.Combine(TestContext.CurrentContext.TestDirectory, "ClassifierLogs");

    public static IEnumerable<LogCase> Cases() => File.ReadAllLines(Path.Combine(Folder, "cases.tsv"))
        .Where(line => line.Length > 0 && !line.StartsWith('#'))
        .Select(line => line.Split('\t'))
        .Select(f => new LogCase(f[0], f[1], f[2] == "-" ? null : f[2], Enum.Parse<DeployStage>(f[3]), Enum.Parse<FixTaskKind>(f[4]),
            f[5] == "-" ? null : f[5]));

    static Classification Classify(LogCase c) =>
        FailureClassifier.Classify(c.Job, c.Step, File.ReadAllText(Path.Combine(Folder, c.File)), c.Stage);

    [TestCaseSource(nameof(Cases))]
    public void Each_log_gets_its_kind_and_component(LogCase c)
    {
        var classification = Classify(c);

        Assert.That(classification.Kind, Is.EqualTo(c.Kind), classification.Excerpt);
        Assert.That(classification.Service, Is.EqualTo(c.Component));
    }

    [TestCaseSource(nameof(Cases))]
    public void The_excerpt_is_a_short_part_of_the_log(LogCase c)
    {
        var log = File.ReadAllText(Path.Combine(Folder, c.File));

        var excerpt = Classify(c).Excerpt;

        Assert.That(excerpt, Is.Not.Empty);
        Assert.That(excerpt.Split('\n'), Has.Length.LessThanOrEqualTo(30));
        Assert.That(excerpt.Split('\n'), Has.All.Matches<string>(line => log.Contains(line.TrimEnd('…'))));
    }

    [Test]
    public void The_corpus_covers_every_deployment_kind_many_times()
    {
        var kinds = Cases().GroupBy(c => c.Kind).ToDictionary(g => g.Key, g => g.Count());

        Assert.That(Cases().Count(), Is.GreaterThanOrEqualTo(40));
        foreach (var kind in new[] { FixTaskKind.DeploymentError, FixTaskKind.ServiceCrash, FixTaskKind.HealthCheckFailure,
                     FixTaskKind.ConfigurationError, FixTaskKind.DatabaseMigration, FixTaskKind.DependencyIssue })
            Assert.That(kinds.GetValueOrDefault(kind), Is.GreaterThanOrEqualTo(5), kind.ToString());
    }

    [Test]
    public void The_excerpt_of_a_long_log_keeps_the_error_not_the_noise()
    {
        var noise = Enumerable.Range(0, 500).Select(i => $"  Compiling module {i}");
        var log = string.Join('\n', noise.Append("npm ERR! code ERESOLVE").Concat(Enumerable.Range(0, 100).Select(i => $"cleanup {i}")));

        var classification = FailureClassifier.Classify("build", "npm ci", log, DeployStage.Build);

        Assert.That(classification.Kind, Is.EqualTo(FixTaskKind.DependencyIssue));
        Assert.That(classification.Excerpt, Does.Contain("npm ERR! code ERESOLVE").And.Not.Contain("Compiling module 3"));
    }

    [Test]
    public void A_log_without_any_sign_is_a_deployment_error_with_its_tail()
    {
        var classification = FailureClassifier.Classify("deploy", null, "step 1\nstep 2\nsomething went wrong", DeployStage.Deploy);

        Assert.That(classification.Kind, Is.EqualTo(FixTaskKind.DeploymentError));
        Assert.That(classification.Excerpt, Does.EndWith("something went wrong"));
        Assert.That(classification.Service, Is.Null);
    }
}
