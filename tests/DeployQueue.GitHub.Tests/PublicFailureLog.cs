using DeployQueue.Contracts;

namespace DeployQueue.GitHub.Tests;

/// <summary>
/// One real failure log of ClassifierLogs/public (its README says where each came from and how it is labelled): header lines
/// (source, job, step, stage, kind, service, cause), a line "---", then the log excerpt as published.
/// </summary>
public sealed record PublicFailureLog(string File, string Source, string Job, string? Step, DeployStage Stage, FixTaskKind Kind, string? Service,
    string Cause, string Log)
{
    public static readonly string Folder = Path.Combine(TestContext.CurrentContext.TestDirectory, "ClassifierLogs", "public");

    /// <summary>Held out from tuning: about 30 % of the logs, chosen by a stable hash of the file name (FNV-1a), never by content.</summary>
    public bool HeldOut => Fnv1a(File) % 10 < 3;

    public static IReadOnlyList<PublicFailureLog> All() =>
        Directory.GetFiles(Folder, "*.log").Order(StringComparer.Ordinal).Select(Read).ToList();

    static PublicFailureLog Read(string path)
    {
        var text = System.IO.File.ReadAllText(path);
        var split = text.IndexOf("\n---\n", StringComparison.Ordinal);
        var header = text[..split].Split('\n').Select(l => l.Split(": ", 2)).ToDictionary(p => p[0], p => p[1]);
        string? Optional(string key) => header.TryGetValue(key, out var v) && v != "-" ? v : null;
        return new PublicFailureLog(Path.GetFileName(path), header["source"], header["job"], Optional("step"), Enum.Parse<DeployStage>(header["stage"]),
            Enum.Parse<FixTaskKind>(header["kind"]), Optional("service"), header["cause"], text[(split + 5)..]);
    }

    static uint Fnv1a(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
            hash = (hash ^ c) * 16777619u;
        return hash;
    }

    public override string ToString() => File;
}
