using DeployQueue.Contracts;

namespace DeployQueue.Domain.Policies;

/// <summary>A failed job's log, read: which fix-task kind it is, who is at fault, and the lines that show it.</summary>
public sealed record Classification(FixTaskKind Kind, string? Component, string Excerpt);

/// <summary>Turns a failed job (its name, step and log) into one of the seed's fix-task kinds.</summary>
public static class FailureClassifier
{
    public static Classification Classify(string jobName, string? stepName, string log, DeployStage stage)
    {
        var text = $"{jobName}\n{stepName}\n{log}";
        var kind =
            Has(text, "migration", "migrate") ? FixTaskKind.DatabaseMigration :
            Has(text, "could not resolve", "dependency", "npm err", "package not found") ? FixTaskKind.DependencyIssue :
            Has(text, "config", "environment variable", "missing setting") ? FixTaskKind.ConfigurationError :
            Has(text, "oomkilled", "out of memory", "crashloopbackoff", "segmentation fault", "exited with code 137") ? FixTaskKind.ServiceCrash :
            stage == DeployStage.HealthCheck || Has(text, "health check", "healthcheck") ? FixTaskKind.HealthCheckFailure :
            FixTaskKind.DeploymentError;
        return new Classification(kind, jobName, Excerpt(log));
    }

    static bool Has(string text, params string[] needles) =>
        needles.Any(n => text.Contains(n, StringComparison.OrdinalIgnoreCase));

    static string Excerpt(string log)
    {
        var lines = log.Split('\n');
        return string.Join('\n', lines.Skip(Math.Max(0, lines.Length - 20)));
    }
}
