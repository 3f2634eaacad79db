using System.Text.RegularExpressions;

namespace DeployQueue.GitHub.Pipeline;

/// <summary>A job log, or any text GitHub hands over from a repository's tools (check-run summaries, status and
/// deployment-status descriptions), made fit to travel in a fix task: runner timestamps and colour codes removed,
/// secrets masked (the token itself, GitHub tokens, bearer/basic credentials, key=value secrets, credentials in URLs,
/// AWS keys, JWTs, private keys with every line of their PEM block), and trimmed to the lines that matter (the error
/// lines of the head, and the tail).</summary>
public static partial class JobLogSanitizer
{
    const string Mask = "***";
    public const int MaxLines = 300;
    const int HeadErrorLines = 40;

    public static string Sanitize(string log, string? knownSecret = null)
    {
        if (!string.IsNullOrEmpty(knownSecret)) log = log.Replace(knownSecret, Mask, StringComparison.Ordinal);
        var lines = MaskPrivateKeyBlocks(log.Replace("\r\n", "\n").Split('\n')
            .Select(line => MaskSecrets(AnsiCode().Replace(RunnerTimestamp().Replace(line, ""), ""))))
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

    /// <summary>A private key's body lines carry no marker of their own: everything from its BEGIN line through its END line is masked.</summary>
    static IEnumerable<string> MaskPrivateKeyBlocks(IEnumerable<string> lines)
    {
        var insideKey = false;
        foreach (var line in lines)
        {
            if (PrivateKeyBegin().Match(line) is { Success: true } begin)
            {
                insideKey = !PrivateKeyEnd().IsMatch(line[begin.Index..]);
                yield return line[..begin.Index] + Mask;
            }
            else if (insideKey)
            {
                insideKey = !PrivateKeyEnd().IsMatch(line);
                yield return Mask;
            }
            else
                yield return line;
        }
    }

    static string MaskSecrets(string line)
    {
        line = GitHubToken().Replace(line, Mask);
        line = AuthorizationValue().Replace(line, m => m.Groups[1].Value + Mask);
        line = UrlCredentials().Replace(line, m => m.Groups[1].Value + Mask + "@");
        line = KeyValueSecret().Replace(line, m => m.Groups[1].Value + m.Groups[2].Value + Mask);
        line = AwsAccessKey().Replace(line, Mask);
        return Jwt().Replace(line, Mask);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z ")]
    private static partial Regex RunnerTimestamp();

    [GeneratedRegex(@"\x1B\[[0-9;]*[A-Za-z]")]
    private static partial Regex AnsiCode();

    [GeneratedRegex(@"##\[error\]|\berror\b|\bfatal\b|exception|failed", RegexOptions.IgnoreCase)]
    private static partial Regex ErrorMarker();

    [GeneratedRegex(@"\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})")]
    private static partial Regex GitHubToken();

    [GeneratedRegex(@"(?i)(authorization:\s*(?:bearer|token|basic)\s+)\S+")]
    private static partial Regex AuthorizationValue();

    [GeneratedRegex(@"(\w+://[^\s:/@]+:)[^\s@/]+@")]
    private static partial Regex UrlCredentials();

    [GeneratedRegex(
        @"(?i)\b([\w.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|client[_-]?secret))(""?\s*[:=]\s*""?)(?!\*\*\*)[^\s""';,&]+")]
    private static partial Regex KeyValueSecret();

    [GeneratedRegex(@"\b(AKIA|ASIA)[0-9A-Z]{16}\b")]
    private static partial Regex AwsAccessKey();

    [GeneratedRegex(@"\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}")]
    private static partial Regex Jwt();

    [GeneratedRegex(@"-----BEGIN [A-Z ]*PRIVATE KEY-----")]
    private static partial Regex PrivateKeyBegin();

    [GeneratedRegex(@"-----END [A-Z ]*PRIVATE KEY-----")]
    private static partial Regex PrivateKeyEnd();
}
