using System.Text.RegularExpressions;
using DeployQueue.Domain.Policies;

namespace DeployQueue.GitHub.Pipeline;

/// <summary>A job log, or any text GitHub hands over from a repository's tools (check-run summaries, status and
/// deployment-status descriptions), made fit to travel in a fix task: runner timestamps and colour codes removed,
/// secrets masked (the token itself, and what <see cref="SecretMasker"/> masks), and trimmed to the lines that matter (the error
/// lines of the head, and the tail).</summary>
public static partial class JobLogSanitizer
{
    const string Mask = SecretMasker.Mask;
    public const int MaxLines = 300;
    const int HeadErrorLines = 40;

    public static string Sanitize(string log, string? knownSecret = null)
    {
        if (!string.IsNullOrEmpty(knownSecret)) log = log.Replace(knownSecret, Mask, StringComparison.Ordinal);
        var lines = SecretMasker.MaskLines(log.Replace("\r\n", "\n").Split('\n')
            .Select(line => AnsiCode().Replace(RunnerTimestamp().Replace(line, ""), "")))
            .ToList();
        while (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        return string.Join('\n', Trim(lines));
    }

    static IEnumerable<string> Trim(List<string> lines)
    {
        if (lines.Count <= MaxLines) return lines;
        var tail = MaxLines - HeadErrorLines;
        var omitted = lines.Count - tail;
        var headErrors = lines.Take(omitted).Where(l => ErrorMarker().IsMatch(l)).TakeLast(HeadErrorLines).ToList();
        return headErrors.Append($"... {omitted - headErrors.Count} lines omitted ...").Concat(lines.Skip(omitted));
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z ")]
    private static partial Regex RunnerTimestamp();

    [GeneratedRegex(@"\x1B\[[0-9;]*[A-Za-z]")]
    private static partial Regex AnsiCode();

    [GeneratedRegex(@"##\[error\]|\berror\b|\bfatal\b|exception|failed", RegexOptions.IgnoreCase)]
    private static partial Regex ErrorMarker();
}
