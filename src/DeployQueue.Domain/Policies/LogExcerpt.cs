namespace DeployQueue.Domain.Policies;

/// <summary>
/// The part of a log a fix task carries: the causal line with what led to it (the command that failed) and what followed
/// (the error's stack head), then the log's other signs of the same kind, each with a line of context, and the log's
/// last error line (how the job ended). Bounded in lines and characters, secrets masked.
/// </summary>
public static class LogExcerpt
{
    public const int MaxLines = 30;
    public const int MaxLineLength = 300;
    public const int MaxChars = 4000;
    const int Before = 4;
    const int After = 10;

    public static string Around(IReadOnlyList<string> lines, int causal, IEnumerable<int> otherSigns)
    {
        var masked = SecretMasker.MaskLines(lines).ToList();
        var picked = new SortedSet<int>();
        void Take(IEnumerable<int> indexes)
        {
            foreach (var i in indexes.Where(i => i >= 0 && i < masked.Count && masked[i].Trim().Length > 0))
                if (picked.Count < MaxLines) picked.Add(i);
        }

        Take([causal]);
        Take(Enumerable.Range(causal - Before, Before).Reverse());
        Take(Enumerable.Range(causal + 1, After));
        Take(otherSigns.Where(i => !picked.Contains(i)).SelectMany(i => new[] { i, i - 1, i + 1 }));
        if (masked.FindLastIndex(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)) is var last and > 0) Take([last]);

        var excerpt = new List<string>();
        var chars = 0;
        foreach (var line in picked.Select(i => Bounded(masked[i])))
        {
            if (chars + line.Length + 1 > MaxChars) break;
            excerpt.Add(line);
            chars += line.Length + 1;
        }
        return string.Join('\n', excerpt);
    }

    /// <summary>One line of the log, trimmed, bounded and masked (a line inside a private key's block is masked whole).</summary>
    public static string Line(IReadOnlyList<string> lines, int index) =>
        Bounded(SecretMasker.MaskLines(lines.Take(index + 1)).Last().Trim());

    static string Bounded(string line) => line.Length > MaxLineLength ? line[..MaxLineLength] + "…" : line;
}
